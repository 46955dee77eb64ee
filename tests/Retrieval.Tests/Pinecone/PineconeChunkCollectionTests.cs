using Fleet.Retrieval.Pinecone;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace Fleet.Retrieval.Tests.Pinecone;

public sealed class PineconeChunkCollectionTests : IDisposable
{
    private readonly PineconeDouble pinecone = new();
    private readonly HttpClient http = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chunks_round_trip_through_a_namespace_and_search_ranks_them_as_exact_search_does()
    {
        var random = new Random(11);
        var records = Enumerable.Range(0, 30).Select(i => new ChunkRecord
        {
            Key = ChunkRecord.KeyFor($"corpus/doc{i % 5}.md", i),
            DocumentId = $"corpus/doc{i % 5}.md",
            Chunk = i,
            Text = $"chunk text {i}",
            Embedding = Enumerable.Range(0, ChunkRecord.Dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray(),
        }).ToList();
        using var store = new PineconeVectorStore(new PineconeIndexClient(http, Options.Create(new PineconeOptions { IndexHost = pinecone.Url, ApiKey = PineconeDouble.ApiKey })));
        var collection = store.GetCollection<string, ChunkRecord>("documents");
        using var exact = new ExactVectorIndex(ChunkRecord.Dimensions);
        records.ForEach(exact.Upsert);

        await collection.UpsertAsync(records, Cancellation);
        var query = records[4].Embedding;
        var hits = await collection.SearchAsync(query, 5, cancellationToken: Cancellation).ToListAsync(Cancellation);
        await collection.DeleteAsync(records[4].Key, Cancellation);

        Assert.Equal(exact.Search(query.Span, 5).Select(h => h.Record.Key), hits.Select(h => h.Record.Key));
        Assert.Equal(("corpus/doc4.md", 4, "chunk text 4"), (hits[0].Record.DocumentId, hits[0].Record.Chunk, hits[0].Record.Text));
        Assert.Equal(1.0, hits[0].Score!.Value, 5);
        Assert.Null(await collection.GetAsync(records[4].Key, cancellationToken: Cancellation));
        Assert.Equal("chunk text 5", (await collection.GetAsync(records[5].Key, cancellationToken: Cancellation))!.Text);
        Assert.True(await store.CollectionExistsAsync("documents", Cancellation));
        Assert.False(await store.CollectionExistsAsync("other", Cancellation));
    }

    public void Dispose()
    {
        http.Dispose();
        pinecone.Dispose();
    }
}
