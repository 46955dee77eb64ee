using System.ComponentModel.DataAnnotations;

namespace Fleet.Embeddings;

/// <summary>How the sentence embedder batches work (section <c>Embeddings</c>).</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>
    /// Most texts encoded in one ONNX run. Requests waiting at the same time are merged up to this size; larger
    /// batches pad more (every text is padded to the longest in its batch), so 32–64 is the sweet spot measured.
    /// </summary>
    [Range(1, 1024)] public int MaxBatchSize { get; set; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0 lets it use every core.</summary>
    [Range(0, 256)] public int IntraOpThreads { get; set; }
}
