using System.Net;
using System.Text.Json;
using Fleet.Retrieval.Pinecone;
using Microsoft.Extensions.Options;

namespace Fleet.Retrieval.Tests.Pinecone;

public sealed class PineconeIndexClientTests : IDisposable
{
    private readonly PineconeDouble pinecone = new();
    private readonly HttpClient http = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upsert_of_2500_records_goes_in_requests_of_at_most_1000()
    {
        // Eight dimensions keep 1,000 records far below 2 MB, so only the record limit splits them.
        var upserted = await Client().UpsertAsync(Vectors(2500, textBytes: 10, dimensions: 8), "docs", Cancellation);

        Assert.Equal(2500, upserted);
        Assert.Equal([1000, 1000, 500], pinecone.Upserts.Select(u => u.Records));
        Assert.Equal(2500, (await Client().DescribeIndexStatsAsync(Cancellation)).NamespaceVectorCounts["docs"]);
    }

    [Fact]
    public async Task Upsert_of_large_records_is_split_so_that_no_request_exceeds_2_MB()
    {
        // ~10 KB of text each: 500 of them are ~5 MB, two and a half times the limit though far below 1,000 records.
        var upserted = await Client().UpsertAsync(Vectors(500, textBytes: 10_000, dimensions: 8), "docs", Cancellation);

        Assert.Equal(500, upserted);
        Assert.Equal(3, pinecone.Upserts.Count);
        Assert.All(pinecone.Upserts, u => Assert.InRange(u.Bytes, 1, PineconeDouble.MaxBytes));
        // Packed greedily: every request but the last is full to within one record (~10 KB).
        Assert.All(pinecone.Upserts.SkipLast(1), u => Assert.InRange(u.Bytes, PineconeDouble.MaxBytes - 10_000, PineconeDouble.MaxBytes));
        Assert.Equal(500, pinecone.Upserts.Sum(u => u.Records));
    }

    [Fact]
    public async Task The_double_refuses_a_request_over_the_limits_as_Pinecone_does()
    {
        var unbounded = Client(o => o.MaxRequestBytes = 3 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<PineconeException>(() => unbounded.UpsertAsync([new PineconeVector("huge", new float[384], Metadata(2 * 1024 * 1024 + 100))], "docs", Cancellation));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("exceeds the maximum supported size of 2MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_record_over_2_MB_is_refused_before_anything_is_sent()
    {
        var client = Client();

        Assert.Throws<ArgumentException>(() => client.UpsertBodies([new PineconeVector("huge", new float[384], Metadata(2 * 1024 * 1024))], "docs").ToList());
        Assert.Empty(pinecone.Server.LogEntries);
    }

    [Fact]
    public async Task Every_request_carries_the_Api_Key_header_and_a_wrong_key_is_a_401_with_Pinecones_message()
    {
        var vectors = Vectors(3, textBytes: 10);
        await Client().UpsertAsync(vectors, "docs", Cancellation);
        await Client().QueryAsync(vectors[0].Values, 2, "docs", includeMetadata: true, includeValues: false, Cancellation);

        var error = await Assert.ThrowsAsync<PineconeException>(() => Client(o => o.ApiKey = "wrong").DescribeIndexStatsAsync(Cancellation));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Equal("Pinecone describe_index_stats failed with HTTP 401: Invalid API Key", error.Message);
        Assert.All(pinecone.Server.LogEntries.Take(2), e => Assert.Equal(PineconeDouble.ApiKey, e.RequestMessage.Headers!["Api-Key"].Single()));
        Assert.All(pinecone.Server.LogEntries, e => Assert.Equal("2025-01", e.RequestMessage.Headers!["X-Pinecone-API-Version"].Single()));
    }

    [Fact]
    public async Task Query_returns_the_nearest_records_with_scores_and_metadata()
    {
        var vectors = Vectors(20, textBytes: 10);
        await Client().UpsertAsync(vectors, "docs", Cancellation);

        var matches = await Client().QueryAsync(vectors[7].Values, 3, "docs", includeMetadata: true, includeValues: false, Cancellation);

        Assert.Equal(3, matches.Count);
        Assert.Equal("v7", matches[0].Id);
        Assert.Equal(1.0, matches[0].Score, 5);
        Assert.Equal("v7", matches[0].Metadata!["documentId"].GetString());
        Assert.True(matches[1].Score <= matches[0].Score && matches[2].Score <= matches[1].Score);
    }

    [Fact]
    public async Task Delete_sends_at_most_1000_ids_a_request_and_fetch_finds_only_what_is_left()
    {
        await Client().UpsertAsync(Vectors(1500, textBytes: 10, dimensions: 8), "docs", Cancellation);

        await Client().DeleteAsync(Enumerable.Range(0, 1200).Select(i => $"v{i}").ToList(), "docs", Cancellation);

        Assert.Equal([1000, 200], pinecone.DeleteRequestSizes);
        var fetched = await Client().FetchAsync(["v5", "v1300", "v1499"], "docs", Cancellation);
        Assert.Equal(["v1300", "v1499"], fetched.Select(v => v.Id).Order(StringComparer.Ordinal));
        Assert.Equal(300, (await Client().DescribeIndexStatsAsync(Cancellation)).TotalVectorCount);
    }

    public void Dispose()
    {
        http.Dispose();
        pinecone.Dispose();
    }

    private PineconeIndexClient Client(Action<PineconeOptions>? configure = null)
    {
        var options = new PineconeOptions { IndexHost = pinecone.Url, ApiKey = PineconeDouble.ApiKey };
        configure?.Invoke(options);
        return new PineconeIndexClient(http, Options.Create(options));
    }

    private static List<PineconeVector> Vectors(int count, int textBytes, int dimensions = 384)
    {
        var random = new Random(3);
        return Enumerable.Range(0, count)
            .Select(i => new PineconeVector(
                $"v{i}",
                Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(),
                new Dictionary<string, JsonElement> { ["documentId"] = JsonSerializer.SerializeToElement($"v{i}"), ["text"] = JsonSerializer.SerializeToElement(new string('x', textBytes)) }))
            .ToList();
    }

    private static Dictionary<string, JsonElement> Metadata(int textBytes) =>
        new() { ["text"] = JsonSerializer.SerializeToElement(new string('x', textBytes)) };
}
