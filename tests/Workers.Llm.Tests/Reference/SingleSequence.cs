using Fleet.Workers.Llm.Inference;

namespace Fleet.Workers.Llm.Tests.Reference;

/// <summary>Drives an <see cref="IModelSession"/> for one sequence, by hand: the tests' view of the ONNX path.</summary>
public sealed class SingleSequence(IModelSession session)
{
    private readonly int layers = session.Config.Layers;
    private readonly int slot = session.Config.KeyValueHeads * session.Config.HeadSize;
    private float[][] keys = Empty(session.Config.Layers);
    private float[][] values = Empty(session.Config.Layers);

    public int Length { get; private set; }

    /// <summary>Feeds <paramref name="tokens"/> after the cached ones; returns the logits after each of them.</summary>
    public float[][] Feed(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count, total = Length + n, vocab = session.Config.VocabSize;
        var logits = new float[n * vocab];
        var presentKeys = Enumerable.Range(0, layers).Select(_ => new float[total * slot]).ToArray();
        var presentValues = Enumerable.Range(0, layers).Select(_ => new float[total * slot]).ToArray();
        session.Run(new ForwardStep
        {
            Batch = 1,
            Sequence = n,
            Past = Length,
            InputIds = tokens.Select(t => (long)t).ToArray(),
            AttentionMask = Enumerable.Repeat(1L, total).ToArray(),
            PositionIds = Enumerable.Range(Length, n).Select(p => (long)p).ToArray(),
            PastKeys = [.. keys.Select(k => new Memory<float>(k))],
            PastValues = [.. values.Select(v => new Memory<float>(v))],
            PresentKeys = [.. presentKeys.Select(k => new Memory<float>(k))],
            PresentValues = [.. presentValues.Select(v => new Memory<float>(v))],
            Logits = logits,
        });
        keys = presentKeys;
        values = presentValues;
        Length = total;
        return [.. Enumerable.Range(0, n).Select(i => logits[(i * vocab)..((i + 1) * vocab)])];
    }

    public static int ArgMax(float[] logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }
        return best;
    }

    private static float[][] Empty(int layers) => [.. Enumerable.Range(0, layers).Select(_ => Array.Empty<float>())];
}
