namespace Fleet.Retrieval.Pinecone;

/// <summary>describe_index_stats: the index's dimension and record counts, overall and per namespace.</summary>
public sealed record PineconeIndexStats(int Dimension, long TotalVectorCount, IReadOnlyDictionary<string, long> NamespaceVectorCounts);
