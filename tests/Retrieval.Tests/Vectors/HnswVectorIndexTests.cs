using Fleet.Retrieval.Vectors;

namespace Fleet.Retrieval.Tests.Vectors;

public sealed class HnswVectorIndexTests
{
    private const int Dimensions = 32;

    private static readonly HnswOptions Options = new() { MinimumCount = 0 };

    [Fact]
    public async Task Once_caught_up_the_graph_answers_and_finds_the_exact_neighbours()
    {
        var random = new Random(11);
        using var hnsw = new HnswVectorIndex(Dimensions, Options);
        using var exact = new ExactVectorIndex(Dimensions);
        // Clustered vectors, as text embeddings are, rather than uniform noise.
        var centres = Enumerable.Range(0, 20).Select(_ => RandomVector(random)).ToArray();
        for (var i = 0; i < 3_000; i++)
        {
            var record = Record($"k{i}", Near(centres[i % centres.Length], random));
            hnsw.Upsert(record);
            exact.Upsert(record);
        }
        await CaughtUpAsync(hnsw);

        var found = 0;
        for (var q = 0; q < 50; q++)
        {
            var query = Near(centres[q % centres.Length], random);
            var expected = exact.Search(query, 10).Select(h => h.Record.Key).ToHashSet();
            var hits = hnsw.Search(query, 10);
            found += hits.Count(h => expected.Contains(h.Record.Key));
            Assert.Equal(hits.Select(h => h.Score).OrderDescending(), hits.Select(h => h.Score));
        }

        Assert.Equal(50, hnsw.GraphSearches);
        Assert.True(found >= 0.98 * 500, $"recall@10 {found / 500.0:0.000} against exact search");
    }

    [Fact]
    public async Task A_search_right_after_a_write_sees_it_even_before_the_graph_has_it()
    {
        var random = new Random(3);
        using var hnsw = new HnswVectorIndex(Dimensions, Options);
        for (var i = 0; i < 2_000; i++)
        {
            hnsw.Upsert(Record($"k{i}", RandomVector(random)));
        }
        var query = RandomVector(random);

        hnsw.Upsert(Record("new", query));
        var first = hnsw.Search(query, 1).Single();

        Assert.Equal("new", first.Record.Key);
        Assert.Equal(1f, first.Score, 4);

        await CaughtUpAsync(hnsw);
        var searchesBefore = hnsw.GraphSearches;
        Assert.Equal("new", hnsw.Search(query, 1).Single().Record.Key);
        Assert.Equal(searchesBefore + 1, hnsw.GraphSearches);

        // A removed or moved record leaves the graph too.
        Assert.True(hnsw.Remove("new"));
        Assert.DoesNotContain("new", hnsw.Search(query, 10).Select(h => h.Record.Key));
        await CaughtUpAsync(hnsw);
        Assert.DoesNotContain("new", hnsw.Search(query, 10).Select(h => h.Record.Key));
        hnsw.Upsert(Record("k5", query));
        await CaughtUpAsync(hnsw);
        Assert.Equal("k5", hnsw.Search(query, 1).Single().Record.Key);
        Assert.Equal(2_000, hnsw.Count);
    }

    [Fact]
    public async Task Filtered_searches_and_small_collections_stay_exact()
    {
        var random = new Random(5);
        using var small = new HnswVectorIndex(Dimensions, new HnswOptions { MinimumCount = 10_000 });
        for (var i = 0; i < 500; i++)
        {
            small.Upsert(Record($"k{i}", RandomVector(random), document: i % 2 == 0 ? "even" : "odd"));
        }
        await CaughtUpAsync(small);
        small.Search(RandomVector(random), 5);
        Assert.Equal(0, small.GraphSearches);

        using var large = new HnswVectorIndex(Dimensions, Options);
        for (var i = 0; i < 500; i++)
        {
            large.Upsert(Record($"k{i}", RandomVector(random), document: i % 2 == 0 ? "even" : "odd"));
        }
        await CaughtUpAsync(large);
        var hits = large.Search(RandomVector(random), 20, filter: r => r.DocumentId == "odd");
        Assert.Equal(20, hits.Count);
        Assert.All(hits, h => Assert.Equal("odd", h.Record.DocumentId));
        Assert.Equal(0, large.GraphSearches);
    }

    private static async Task CaughtUpAsync(HnswVectorIndex index)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (index.Behind > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the graph is still {index.Behind} changes behind");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        Assert.Null(index.Failure);
    }

    private static ChunkRecord Record(string key, float[] vector, string document = "doc") =>
        new() { Key = key, DocumentId = document, Chunk = 0, Text = key, Embedding = vector };

    private static float[] RandomVector(Random random) =>
        [.. Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    private static float[] Near(float[] centre, Random random) =>
        [.. centre.Select(x => x + (float)(random.NextDouble() - 0.5) * 0.6f)];
}
