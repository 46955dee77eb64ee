using Fleet.Retrieval.Vectors;

namespace Fleet.Retrieval.Tests.Vectors;

public sealed class ExactVectorIndexTests
{
    private const int Dimensions = 16;

    [Fact]
    public void Search_returns_the_same_top_k_as_brute_force_cosine_after_upserts_overwrites_and_removals()
    {
        var random = new Random(7);
        using var index = new ExactVectorIndex(Dimensions);
        var live = new Dictionary<string, float[]>();
        for (var i = 0; i < 500; i++)
        {
            var key = $"k{random.Next(300)}";
            if (random.NextDouble() < 0.2)
            {
                Assert.Equal(live.Remove(key), index.Remove(key));
                continue;
            }
            var vector = RandomVector(random);
            live[key] = vector;
            index.Upsert(Record(key, vector));
        }
        var query = RandomVector(random);

        var hits = index.Search(query, 10);

        var expected = live.OrderByDescending(p => Cosine(p.Value, query)).Take(10).ToList();
        Assert.Equal(live.Count, index.Count);
        Assert.Equal(expected.Select(p => p.Key), hits.Select(h => h.Record.Key));
        Assert.All(hits.Zip(expected), pair => Assert.Equal(Cosine(pair.Second.Value, query), pair.First.Score, 4));
    }

    [Fact]
    public void Scores_are_cosine_whatever_the_vectors_length()
    {
        using var index = new ExactVectorIndex(2);
        index.Upsert(Record("same-direction", [10, 0]));
        index.Upsert(Record("orthogonal", [0, 3]));

        var hits = index.Search([0.5f, 0], 2);

        Assert.Equal([("same-direction", 1f), ("orthogonal", 0f)], hits.Select(h => (h.Record.Key, h.Score)));
    }

    [Fact]
    public void Skip_and_filter_apply_before_the_top_k_is_taken()
    {
        using var index = new ExactVectorIndex(2);
        for (var i = 0; i < 6; i++)
        {
            index.Upsert(Record($"d{i}", [1, i / 10f], document: i % 2 == 0 ? "even" : "odd"));
        }

        var hits = index.Search([1, 0], 2, skip: 1, filter: r => r.DocumentId == "even");

        Assert.Equal(["d2", "d4"], hits.Select(h => h.Record.Key));
    }

    [Fact]
    public void A_vector_of_the_wrong_length_is_refused()
    {
        using var index = new ExactVectorIndex(Dimensions);

        Assert.Throws<ArgumentException>(() => index.Upsert(Record("short", [1, 2, 3])));
    }

    private static ChunkRecord Record(string key, float[] vector, string document = "doc") =>
        new() { Key = key, DocumentId = document, Chunk = 0, Text = key, Embedding = vector };

    private static float[] RandomVector(Random random) => Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static float Cosine(float[] a, float[] b) =>
        (float)(a.Zip(b).Sum(p => (double)p.First * p.Second) / Math.Sqrt(a.Sum(x => (double)x * x)) / Math.Sqrt(b.Sum(x => (double)x * x)));
}
