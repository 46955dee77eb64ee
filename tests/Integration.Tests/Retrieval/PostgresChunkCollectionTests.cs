using Fleet.Integration.Tests.Infrastructure;
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

    [Theory]
    [InlineData("exact")]
    [InlineData("hnsw")]
    public async Task A_fresh_process_loads_exactly_what_is_stored_and_search_matches_brute_force(string kind)
    {
        using (var writerStore = new PostgresVectorStore(Fleet.Database.DataSource))
        {
            var writer = writerStore.GetCollection<string, ChunkRecord>(collection);
            await writer.UpsertAsync(Enumerable.Range(0, 200).Select(i => Record($"doc{i}", 0, seed: i)), Cancellation);
            await writer.DeleteAsync(Enumerable.Range(0, 100).Select(i => ChunkRecord.KeyFor($"doc{i}", 0)), Cancellation);
        }
        using var store = new PostgresVectorStore(Fleet.Database.DataSource, kind == "hnsw"
            ? () => new HnswVectorIndex(ChunkRecord.Dimensions, new HnswOptions { MinimumCount = 0 })
            : null);
        var fresh = (PostgresChunkCollection)store.GetCollection<string, ChunkRecord>(collection);
        var query = Record("query", 0, seed: 12345).Embedding;

        var hits = await fresh.SearchAsync(query, 5, cancellationToken: Cancellation).ToListAsync(Cancellation);
        if (fresh.Index is HnswVectorIndex graph)
        {
            // The load went to the exact copy at once; search again once the graph has caught up, on the graph.
            await Poll.UntilAsync(() => Task.FromResult(graph.Behind), behind => behind == 0, "the HNSW graph to catch up", TimeSpan.FromSeconds(60), Cancellation);
            hits = await fresh.SearchAsync(query, 5, cancellationToken: Cancellation).ToListAsync(Cancellation);
            Assert.True(graph.GraphSearches >= 1, "the graph answered no search");
        }

        var expected = Enumerable.Range(100, 100)
            .Select(i => (Key: ChunkRecord.KeyFor($"doc{i}", 0), Score: Dot(Record($"doc{i}", 0, seed: i).Embedding.Span, query.Span)))
            .OrderByDescending(p => p.Score).Take(5).ToList();
        Assert.Equal(expected.Select(e => e.Key), hits.Select(h => h.Record.Key));
        Assert.All(hits.Zip(expected), p => Assert.Equal(p.Second.Score, p.First.Score!.Value, 4));
        Assert.Null(await fresh.GetAsync(ChunkRecord.KeyFor("doc5", 0), cancellationToken: Cancellation));
        Assert.Equal(ChunkRecord.KeyFor("doc150", 0), (await fresh.GetAsync(ChunkRecord.KeyFor("doc150", 0), cancellationToken: Cancellation))!.Key);
    }

    [Fact]
    public async Task Pruning_drops_only_old_tombstones_and_a_copy_that_synced_before_them_reloads_instead_of_keeping_the_deleted_chunks()
    {
        using var writerStore = new PostgresVectorStore(Fleet.Database.DataSource);
        using var laggingStore = new PostgresVectorStore(Fleet.Database.DataSource);
        using var currentStore = new PostgresVectorStore(Fleet.Database.DataSource);
        var writer = (PostgresChunkCollection)writerStore.GetCollection<string, ChunkRecord>(collection);
        var lagging = (PostgresChunkCollection)laggingStore.GetCollection<string, ChunkRecord>(collection);
        var current = (PostgresChunkCollection)currentStore.GetCollection<string, ChunkRecord>(collection);
        var records = Enumerable.Range(0, 10).Select(i => Record($"doc{i}", 0, seed: 100 + i)).ToList();
        await writer.UpsertAsync(records, Cancellation);
        await lagging.SyncAsync(Cancellation);
        await writer.DeleteAsync([records[3].Key, records[4].Key], Cancellation);
        await current.SyncAsync(Cancellation);
        // records[3]'s tombstone is past the retention window; records[4]'s is not.
        await Fleet.Database.ExecuteAsync(
            "UPDATE vector_deletions SET deleted_at = now() - interval '8 days' WHERE collection = $1 AND key = $2", [collection, records[3].Key], Cancellation);
        var prunedRevision = await Fleet.Database.ScalarAsync<long>(
            "SELECT revision FROM vector_deletions WHERE collection = $1 AND key = $2", [collection, records[3].Key], Cancellation);

        var pruned = await writer.PruneDeletionsAsync(TimeSpan.FromDays(7), Cancellation);
        var prunedAgain = await writer.PruneDeletionsAsync(TimeSpan.FromDays(7), Cancellation);
        var laggingKeys = await KeysAsync(lagging);
        var currentKeys = await KeysAsync(current);

        Assert.Equal((1, 0), (pruned, prunedAgain));
        Assert.Equal(records[4].Key, await Fleet.Database.ScalarAsync<string>("SELECT string_agg(key, ',') FROM vector_deletions WHERE collection = $1", [collection], Cancellation));
        Assert.Equal(prunedRevision, await Fleet.Database.ScalarAsync<long>("SELECT through_revision FROM vector_prunes WHERE collection = $1", [collection], Cancellation));
        var expected = records.Where((_, i) => i is not 3 and not 4).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, laggingKeys);
        Assert.Equal(expected, currentKeys);
        Assert.Equal((1, 0), (lagging.Reloads, current.Reloads));
        // Once reloaded, the lagging copy is current: its next sync is incremental again.
        await lagging.SyncAsync(Cancellation);
        Assert.Equal(1, lagging.Reloads);
    }

    private static async Task<List<string>> KeysAsync(PostgresChunkCollection copy)
    {
        var query = Record("query", 0, seed: 1).Embedding;
        var hits = await copy.SearchAsync(query, 100, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        return hits.Select(h => h.Record.Key).Order(StringComparer.Ordinal).ToList();
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
