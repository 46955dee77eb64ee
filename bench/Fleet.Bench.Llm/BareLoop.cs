using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Inference;

namespace Fleet.Bench.Llm;

/// <summary>The least a caller can do: one sequence, greedy, straight on the session with its own KV cache.</summary>
public static class BareLoop
{
    public static int Generate(IModelSession session, int[] prompt, int tokens)
    {
        var config = session.Config;
        int layers = config.Layers, slot = config.KeyValueHeads * config.HeadSize, vocab = config.VocabSize;
        var keys = Enumerable.Range(0, layers).Select(_ => Array.Empty<float>()).ToArray();
        var values = Enumerable.Range(0, layers).Select(_ => Array.Empty<float>()).ToArray();
        var logits = new float[prompt.Length * vocab];
        long[] input = [.. prompt.Select(t => (long)t)];
        var past = 0;
        for (var generated = 0; generated < tokens; generated++)
        {
            var n = input.Length;
            var total = past + n;
            var presentKeys = Enumerable.Range(0, layers).Select(_ => new float[total * slot]).ToArray();
            var presentValues = Enumerable.Range(0, layers).Select(_ => new float[total * slot]).ToArray();
            session.Run(new ForwardStep
            {
                Batch = 1,
                Sequence = n,
                Past = past,
                InputIds = input,
                AttentionMask = Enumerable.Repeat(1L, total).ToArray(),
                PositionIds = Enumerable.Range(past, n).Select(p => (long)p).ToArray(),
                PastKeys = [.. keys.Select(k => k.AsMemory())],
                PastValues = [.. values.Select(v => v.AsMemory())],
                PresentKeys = [.. presentKeys.Select(k => k.AsMemory())],
                PresentValues = [.. presentValues.Select(v => v.AsMemory())],
                Logits = logits.AsMemory(0, n * vocab),
            });
            input = [TokenSampler.ArgMax(logits.AsSpan((n - 1) * vocab, vocab))];
            (keys, values, past) = (presentKeys, presentValues, total);
        }
        return tokens;
    }
}
