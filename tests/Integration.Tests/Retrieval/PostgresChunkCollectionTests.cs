using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.VectorData;

namespace Fleet.Integration.Tests.Retrieval;

/// <summary>The PostgreSQL vector store against the fleet's real database (migration 007 applied by the fleet's processes).</summary>
public sealed class PostgresChunkCollectionTests(FleetServers fleet) : FleetTest(fleet)
{
    private readonly string collection = "it-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Writes_by_one_process_reach_another_process_copy_before_its_next_search()
    {
        // Two stores are two processes' views: the ingesting worker's and the Api's.
        using var writerStore = new PostgresVectorStore(Fleet.Database.DataSource);
        using var readerStore = new PostgresVectorStore(Fleet.Database.DataSource);
        var writer = writerStore.GetCollection<string, ChunkRecord>(collection);
        var reader = readerStore.GetCollection<string, ChunkRecord>(collection);
        var records = Enumerable.Range(0, 50).Select(i => Record($"doc{i % 5}", i, seed: i)).ToList();
        await writer.UpsertAsync(records, Cancellation);
        var query = records[17].Embedding;

        var first = await reader.SearchAsync(query, 3, cancellationToken: Cancellation).ToListAsync(Cancellation);
        await writer.UpsertAsync(Record("doc2", 17, seed: 999, text: "rewritten"), Cancellation);
        await writer.DeleteAsync([records[3].Key, records[4].Key], Cancellation);
        var afterChange = await reader.SearchAsync(query, 50, cancellationToken: Cancellation).ToListAsync(Cancellation);

        Assert.Equal(records[17].Key, first[0].Record.Key);
        Assert.Equal(1.0, first[0].Score!.Value, 4);
        Assert.Equal(48, afterChange.Count);
        Assert.DoesNotContain(afterChange, h => h.Record.Key == records[3].Key || h.Record.Key == records[4].Key);
        var rewritten = Assert.Single(afterChange, h => h.Record.Key == records[17].Key);
        Assert.Equal("rewritten", rewritten.Record.Text);
        Assert.True(rewritten.Score < 0.5, $"the rewritten chunk still scores {rewritten.Score}");
    }

    [Fact]
    public async Task A_fresh_process_loads_exactly_what_is_stored_and_search_matches_brute_force()
    {
        using (var writerStore = new PostgresVectorStore(Fleet.Database.DataSource))
        {
            var writer = writerStore.GetCollection<string, ChunkRecord>(collection);
            await writer.UpsertAsync(Enumerable.Range(0, 200).Select(i => Record($"doc{i}", 0, seed: i)), Cancellation);
            await writer.DeleteAsync(Enumerable.Range(0, 100).Select(i => ChunkRecord.KeyFor($"doc{i}", 0)), Cancellation);
        }
        using var store = new PostgresVectorStore(Fleet.Database.DataSource);
        var fresh = store.GetCollection<string, ChunkRecord>(collection);
        var query = Record("query", 0, seed: 12345).Embedding;

        var hits = await fresh.SearchAsync(query, 5, cancellationToken: Cancellation).ToListAsync(Cancellation);

        var expected = Enumerable.Range(100, 100)
            .Select(i => (Key: ChunkRecord.KeyFor($"doc{i}", 0), Score: Dot(Record($"doc{i}", 0, seed: i).Embedding.Span, query.Span)))
            .OrderByDescending(p => p.Score).Take(5).ToList();
        Assert.Equal(expected.Select(e => e.Key), hits.Select(h => h.Record.Key));
        Assert.All(hits.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 4));
        Assert.Null(await fresh.GetAsync(ChunkRecord.KeyFor("doc5", 0), cancellationToken: Cancellation));
        Assert.Equal(ChunkRecord.KeyFor("doc150", 0), (await fresh.GetAsync(ChunkRecord.KeyFor("doc150", 0), cancellationToken: Cancellation))!.Key);
    }

    private static ChunkRecord Record(string document, int chunk, int seed, string? text = null)
    {
        var random = new Random(seed);
        var vector = Enumerable.Range(0, ChunkRecord.Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return new ChunkRecord
        {
            Key = ChunkRecord.KeyFor(document, chunk), DocumentId = document, Chunk = chunk, Text = text ?? $"{document} {chunk}",
            Embedding = vector.Select(x => x / norm).ToArray(),
        };
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
