using Microsoft.Extensions.VectorData;

namespace Fleet.Retrieval.Vectors;

/// <summary>One chunk of an ingested document with its embedding: the record every vector store provider holds.</summary>
public sealed class ChunkRecord
{
    /// <summary>MiniLM's vector length.</summary>
    public const int Dimensions = 384;

    /// <summary><c>{documentId}#{chunk}</c>: stable, so re-ingesting a document overwrites its chunks in place.</summary>
    [VectorStoreKey] public required string Key { get; init; }

    [VectorStoreData(IsIndexed = true)] public required string DocumentId { get; init; }

    [VectorStoreData] public required int Chunk { get; init; }

    [VectorStoreData] public required string Text { get; init; }

    [VectorStoreVector(Dimensions, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Embedding { get; init; }

    public static string KeyFor(string documentId, int chunk) => $"{documentId}#{chunk}";
}
