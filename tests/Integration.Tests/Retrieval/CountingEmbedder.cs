using Fleet.Embeddings;

namespace Fleet.Integration.Tests.Retrieval;

/// <summary>The real embedder, counting what it is asked to embed, and optionally cancelling a run after some calls.</summary>
public sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private int calls;

    public int Dimensions => inner.Dimensions;

    public int TextsEmbedded { get; private set; }

    /// <summary>Cancelled when the call numbered <see cref="CancelAfterCalls"/> has returned.</summary>
    public CancellationTokenSource? CancelAfter { get; set; }

    public int CancelAfterCalls { get; set; } = int.MaxValue;

    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = await inner.EmbedAsync(texts, cancellationToken);
        TextsEmbedded += texts.Count;
        if (++calls == CancelAfterCalls && CancelAfter is not null)
        {
            await CancelAfter.CancelAsync();
        }
        return vectors;
    }
}
