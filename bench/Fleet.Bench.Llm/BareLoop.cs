using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Inference;

namespace Fleet.Bench.Llm;

/// <summary>
/// The least a caller can do: one sequence, greedy, straight on the session with its own KV cache. Two sets of KV
/// buffers sized for the whole run are allocated once and swapped each step (past in, present out), as a careful
/// hand-written loop would, so the comparison with the batcher is not flattered by allocation in the baseline.
/// </summary>
public static class BareLoop
{
    public static int Generate(IModelSession session, int[] prompt, int tokens)
    {
        var config = session.Config;
        int layers = config.Layers, slot = config.KeyValueHeads * config.HeadSize, vocab = config.VocabSize;
        var capacity = (prompt.Length + tokens) * slot;
        float[][] NewSet() => [.. Enumerable.Range(0, layers).Select(_ => new float[capacity])];
        var (pastKeys, pastValues, presentKeys, presentValues) = (NewSet(), NewSet(), NewSet(), NewSet());
        var logits = new float[prompt.Length * vocab];
        var mask = Enumerable.Repeat(1L, prompt.Length + tokens).ToArray();
        long[] input = [.. prompt.Select(t => (long)t)];
        var past = 0;
        for (var generated = 0; generated < tokens; generated++)
        {
            var n = input.Length;
            var total = past + n;
            session.Run(new ForwardStep
            {
                Batch = 1,
                Sequence = n,
                Past = past,
                InputIds = input,
                AttentionMask = mask.AsMemory(0, total),
                PositionIds = Enumerable.Range(past, n).Select(p => (long)p).ToArray(),
                PastKeys = [.. pastKeys.Select(k => k.AsMemory(0, past * slot))],
                PastValues = [.. pastValues.Select(v => v.AsMemory(0, past * slot))],
                PresentKeys = [.. presentKeys.Select(k => k.AsMemory(0, total * slot))],
                PresentValues = [.. presentValues.Select(v => v.AsMemory(0, total * slot))],
                Logits = logits.AsMemory(0, n * vocab),
            });
            input = [TokenSampler.ArgMax(logits.AsSpan((n - 1) * vocab, vocab))];
            (pastKeys, presentKeys) = (presentKeys, pastKeys);
            (pastValues, presentValues) = (presentValues, pastValues);
            past = total;
        }
        return tokens;
    }
}
