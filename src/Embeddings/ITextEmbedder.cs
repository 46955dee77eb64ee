namespace Fleet.Embeddings;

/// <summary>Turns texts into unit-length sentence vectors. Thread-safe: callers on any thread may share one.</summary>
public interface ITextEmbedder
{
    /// <summary>Length of every vector returned (384 for all-MiniLM-L6-v2).</summary>
    int Dimensions { get; }

    /// <summary>One L2-normalised vector per text, in the order given.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
