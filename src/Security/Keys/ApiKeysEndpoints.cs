using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Security.Keys;

/// <summary>
/// Key management for operators (<c>admin</c> scope): <c>POST /v1/keys</c> creates a key and shows it once,
/// <c>GET /v1/keys</c> lists keys without their secrets, <c>DELETE /v1/keys/{id}</c> revokes one. `./fleet keys` calls these.
/// </summary>
public static class ApiKeysEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Scopes.Admin);
        keys.MapPost("/", CreateAsync).Accepts<CreateApiKeyRequest>("application/json");
        keys.MapGet("/", ListAsync);
        keys.MapDelete("/{id:guid}", RevokeAsync);
        return keys;
    }

    internal static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ApiKeyStore store, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem("The request body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem($"The request body must be at most {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        CreateApiKeyRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CreateApiKeyRequest>(request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body is not a JSON object of the expected shape."] });
        }
        var errors = CreateApiKeyRequest.Validate(body);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The key request is invalid.");
        }
        var created = await store.CreateAsync(body!.Tenant!, body.Scopes!.Distinct().ToList(), body.Name ?? body.Tenant + " key", cancellationToken);
        return TypedResults.Created($"/v1/keys/{created.Id}", created);
    }

    internal static async Task<Results<Ok<ApiKeyList>, ValidationProblem>> ListAsync(string? tenant, ApiKeyStore store, CancellationToken cancellationToken)
    {
        if (tenant is not null && !CreateApiKeyRequest.IsValidTenant(tenant))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tenant"] = [CreateApiKeyRequest.TenantRule] });
        }
        return TypedResults.Ok(new ApiKeyList(await store.ListAsync(tenant, cancellationToken)));
    }

    internal static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, ApiKeyStore store, CancellationToken cancellationToken) =>
        await store.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
