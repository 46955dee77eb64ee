namespace Fleet.Retrieval.Vectors;

/// <summary>
/// A collection's in-memory copy, which its searches read: <see cref="ExactVectorIndex"/> (every vector scored) or
/// <see cref="HnswVectorIndex"/> (a graph, for large collections). <c>VectorStore:Index</c> chooses.
/// </summary>
public interface IVectorIndex : IDisposable
{
    int Count { get; }

    void Upsert(ChunkRecord record);

    bool Remove(string key);

    ChunkRecord? Get(string key);

    IReadOnlyList<ChunkRecord> Where(Func<ChunkRecord, bool> filter, int top, int skip);

    IReadOnlyList<(ChunkRecord Record, float Score)> Search(ReadOnlySpan<float> query, int top, int skip = 0, Func<ChunkRecord, bool>? filter = null);
}
