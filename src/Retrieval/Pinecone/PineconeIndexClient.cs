using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Fleet.Retrieval.Pinecone;

/// <summary>
/// Pinecone's REST data plane (docs.pinecone.io, API version in <see cref="PineconeOptions.ApiVersion"/>): upsert,
/// query, fetch, delete and describe_index_stats against one index host, authenticated by the <c>Api-Key</c> header.
/// Pinecone.NET is not in the registry, and these five calls are all Fleet needs. Upserts are split to respect
/// Pinecone's limits of 1,000 records and 2 MB per request; deletes to 1,000 ids.
/// </summary>
public sealed class PineconeIndexClient(HttpClient http, IOptions<PineconeOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Upserts every vector, in as few requests as the limits allow; returns the records Pinecone counted.</summary>
    public async Task<long> UpsertAsync(IReadOnlyList<PineconeVector> vectors, string @namespace, CancellationToken cancellationToken)
    {
        long upserted = 0;
        foreach (var body in UpsertBodies(vectors, @namespace))
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            var reply = await SendAsync<UpsertReply>(HttpMethod.Post, "vectors/upsert", content, "upsert", cancellationToken);
            upserted += reply.UpsertedCount;
        }
        return upserted;
    }

    /// <summary>
    /// The upsert request bodies for <paramref name="vectors"/>: each holds at most MaxUpsertRecords records and at most
    /// MaxRequestBytes bytes. A single record over the byte limit can never be sent and is an error.
    /// </summary>
    public IEnumerable<byte[]> UpsertBodies(IReadOnlyList<PineconeVector> vectors, string @namespace)
    {
        var limits = options.Value;
        var head = Encoding.UTF8.GetBytes($"{{\"namespace\":{JsonSerializer.Serialize(@namespace)},\"vectors\":[");
        var tail = "]}"u8.ToArray();
        var batch = new List<byte[]>();
        var bytes = head.Length + tail.Length;
        foreach (var vector in vectors)
        {
            var record = JsonSerializer.SerializeToUtf8Bytes(vector, Json);
            if (head.Length + tail.Length + record.Length > limits.MaxRequestBytes)
            {
                throw new ArgumentException($"Record {vector.Id} alone is {record.Length} bytes, over Pinecone's {limits.MaxRequestBytes}-byte request limit.", nameof(vectors));
            }
            var separator = batch.Count == 0 ? 0 : 1;
            if (batch.Count == limits.MaxUpsertRecords || bytes + separator + record.Length > limits.MaxRequestBytes)
            {
                yield return Assemble(head, batch, tail);
                batch.Clear();
                bytes = head.Length + tail.Length;
                separator = 0;
            }
            batch.Add(record);
            bytes += separator + record.Length;
        }
        if (batch.Count > 0)
        {
            yield return Assemble(head, batch, tail);
        }
    }

    public async Task<IReadOnlyList<PineconeMatch>> QueryAsync(
        float[] vector, int topK, string @namespace, bool includeMetadata, bool includeValues, CancellationToken cancellationToken)
    {
        var request = new { @namespace, vector, topK, includeMetadata, includeValues };
        using var content = JsonContent.Create(request, options: Json);
        var reply = await SendAsync<QueryReply>(HttpMethod.Post, "query", content, "query", cancellationToken);
        return reply.Matches ?? [];
    }

    public async Task<IReadOnlyList<PineconeVector>> FetchAsync(IReadOnlyList<string> ids, string @namespace, CancellationToken cancellationToken)
    {
        var found = new List<PineconeVector>();
        // Ids travel in the query string: 100 at a time keeps URLs well under common proxy limits.
        foreach (var slice in ids.Chunk(100))
        {
            var query = string.Join('&', slice.Select(id => "ids=" + Uri.EscapeDataString(id))) + "&namespace=" + Uri.EscapeDataString(@namespace);
            var reply = await SendAsync<FetchReply>(HttpMethod.Get, "vectors/fetch?" + query, null, "fetch", cancellationToken);
            found.AddRange(reply.Vectors?.Values ?? Enumerable.Empty<PineconeVector>());
        }
        return found;
    }

    public async Task DeleteAsync(IReadOnlyList<string> ids, string @namespace, CancellationToken cancellationToken)
    {
        foreach (var slice in ids.Chunk(options.Value.MaxDeleteIds))
        {
            using var content = JsonContent.Create(new { ids = slice, @namespace }, options: Json);
            await SendAsync<JsonElement>(HttpMethod.Post, "vectors/delete", content, "delete", cancellationToken);
        }
    }

    public async Task DeleteAllAsync(string @namespace, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new { deleteAll = true, @namespace }, options: Json);
        await SendAsync<JsonElement>(HttpMethod.Post, "vectors/delete", content, "delete", cancellationToken);
    }

    public async Task<PineconeIndexStats> DescribeIndexStatsAsync(CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new { }, options: Json);
        var reply = await SendAsync<StatsReply>(HttpMethod.Post, "describe_index_stats", content, "describe_index_stats", cancellationToken);
        return new PineconeIndexStats(
            reply.Dimension,
            reply.TotalVectorCount,
            (reply.Namespaces ?? []).ToDictionary(n => n.Key, n => n.Value.VectorCount, StringComparer.Ordinal));
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string operation, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(method, new Uri(settings.IndexHost!, path)) { Content = content };
        request.Headers.Add("Api-Key", settings.ApiKey);
        request.Headers.Add("X-Pinecone-API-Version", settings.ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new PineconeException(response.StatusCode, operation, await ErrorMessageAsync(response, cancellationToken));
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    /// <summary>Pinecone's error body is <c>{"code":3,"message":"...","details":[]}</c> (or <c>{"error":{...}}</c>); fall back to the status text.</summary>
    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                root = error;
            }
            return root.TryGetProperty("message", out var message) ? message.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no detail" : text[..Math.Min(text.Length, 500)];
        }
    }

    private static byte[] Assemble(byte[] head, List<byte[]> records, byte[] tail)
    {
        using var body = new MemoryStream();
        body.Write(head);
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
            {
                body.WriteByte((byte)',');
            }
            body.Write(records[i]);
        }
        body.Write(tail);
        return body.ToArray();
    }

    private sealed record UpsertReply(long UpsertedCount);

    private sealed record QueryReply(List<PineconeMatch>? Matches);

    private sealed record FetchReply(Dictionary<string, PineconeVector>? Vectors);

    private sealed record NamespaceStats(long VectorCount);

    private sealed record StatsReply(int Dimension, long TotalVectorCount, Dictionary<string, NamespaceStats>? Namespaces);
}
