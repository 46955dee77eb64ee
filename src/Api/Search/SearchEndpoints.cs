using System.Text.Json;
using Fleet.Api.Jobs;
using Fleet.Retrieval.Search;
using Fleet.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Search;

/// <summary>
/// POST /v1/search: retrieval over the ingested documents. Documents are global (DESIGN.md: ingestion reads the
/// operator's configured folders), so every tenant with <c>jobs:read</c> searches the same corpus.
/// </summary>
public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/v1/search").WithTags("Search");
        search.MapPost("/", SearchAsync).RequireAuthorization(Scopes.JobsRead).Accepts<JsonElement>("application/json");
        return search;
    }

    internal static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        HttpRequest request, ChunkSearcher searcher, IOptions<SearchOptions> options, IOptions<JobsOptions> jobs, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem("The request body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var errors = new FieldErrors();
        var body = await RequestJson.ReadAsync(request, jobs.Value.MaxRequestBytes, errors, cancellationToken);
        var search = body is { } json ? Read(json, options.Value, errors) : null;
        if (search is null || !errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The search request is invalid.");
        }
        var hits = await searcher.SearchAsync(search.Query, search.TopK, cancellationToken);
        return TypedResults.Ok(new SearchResponse(hits.Select(h => new SearchItem(h.DocumentId, h.Chunk, h.Score, h.Text)).ToList()));
    }

    private static SearchRequest? Read(JsonElement body, SearchOptions options, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The request body must be a JSON object.");
            return null;
        }
        foreach (var unknown in body.EnumerateObject().Where(p => p.Name is not ("query" or "topK")))
        {
            errors.Add(unknown.Name, "Unknown field; a search takes query and topK.");
        }
        string? query = null;
        if (!body.TryGetProperty("query", out var queryElement) || queryElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add("query", "query is required.");
        }
        else if (queryElement.ValueKind != JsonValueKind.String)
        {
            errors.Add("query", "query must be a string.");
        }
        else if (string.IsNullOrWhiteSpace(query = queryElement.GetString()) || query.Length > options.MaxQueryChars)
        {
            errors.Add("query", $"query must be 1 to {options.MaxQueryChars} characters and not only white space.");
        }
        var topK = JsonFields.ReadInt(body, "topK", 1, options.MaxTopK, errors) ?? options.DefaultTopK;
        return errors.IsEmpty ? new SearchRequest(query!, topK) : null;
    }
}
