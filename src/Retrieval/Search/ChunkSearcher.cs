using Fleet.Embeddings;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.VectorData;

namespace Fleet.Retrieval.Search;

/// <summary>Embeds a query with the same model ingestion used and returns the nearest chunks, best first.</summary>
public sealed class ChunkSearcher(ITextEmbedder embedder, VectorStoreCollection<string, ChunkRecord> store)
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int topK, CancellationToken cancellationToken)
    {
        var vectors = await embedder.EmbedAsync([query], cancellationToken);
        var hits = new List<SearchHit>(topK);
        await foreach (var hit in store.SearchAsync(new ReadOnlyMemory<float>(vectors[0]), topK, cancellationToken: cancellationToken))
        {
            hits.Add(new SearchHit(hit.Record.DocumentId, hit.Record.Chunk, hit.Score ?? 0, hit.Record.Text));
        }
        return hits;
    }
}
