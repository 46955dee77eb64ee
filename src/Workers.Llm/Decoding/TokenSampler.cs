namespace Fleet.Workers.Llm.Decoding;

/// <summary>
/// Picks the next token from one row of logits: greedy, or temperature-scaled softmax restricted to the top-k tokens
/// and then to the smallest set whose probability reaches top-p (nucleus), drawn with the sequence's own seeded
/// <see cref="Random"/> so that the same seed gives the same text whatever else shares the batch.
/// </summary>
public static class TokenSampler
{
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, Random random)
    {
        if (options.IsGreedy)
        {
            return ArgMax(logits);
        }
        var candidates = Candidates(logits, options);
        var u = random.NextDouble();
        double cumulative = 0;
        foreach (var (token, probability) in candidates)
        {
            cumulative += probability;
            if (u < cumulative)
            {
                return token;
            }
        }
        return candidates[^1].Token;
    }

    /// <summary>The tokens sampling may pick, most likely first, with probabilities that sum to 1.</summary>
    public static IReadOnlyList<(int Token, double Probability)> Candidates(ReadOnlySpan<float> logits, SamplingOptions options)
    {
        var (order, keys) = MostLikelyFirst(logits, options.TopK);
        var count = order.Length;

        var temperature = Math.Max(options.Temperature, 1e-6f);
        var max = keys[0];
        var weights = new double[count];
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            weights[i] = Math.Exp((keys[i] - max) / temperature);
            sum += weights[i];
        }

        var kept = 0;
        double mass = 0;
        while (kept < count)
        {
            mass += weights[kept] / sum;
            kept++;
            if (mass >= options.TopP)
            {
                break;
            }
        }
        var keptSum = weights.AsSpan(0, kept).ToArray().Sum();
        var result = new (int, double)[kept];
        for (var i = 0; i < kept; i++)
        {
            result[i] = (order[i], weights[i] / keptSum);
        }
        return result;
    }

    /// <summary>
    /// Token ids by descending logit with their logits: all of them (a primitive-keyed sort; a comparison delegate
    /// over 50,257 entries cost ~10 ms a token), or only the top <paramref name="topK"/> through a bounded heap.
    /// </summary>
    private static (int[] Order, float[] Keys) MostLikelyFirst(ReadOnlySpan<float> logits, int topK)
    {
        if (topK > 0 && topK < logits.Length)
        {
            var heap = new PriorityQueue<int, float>(topK + 1);
            for (var i = 0; i < logits.Length; i++)
            {
                if (heap.Count < topK)
                {
                    heap.Enqueue(i, logits[i]);
                }
                else if (logits[i] > logits[heap.Peek()])
                {
                    heap.DequeueEnqueue(i, logits[i]);
                }
            }
            var top = new int[heap.Count];
            var topLogits = new float[top.Length];
            for (var i = top.Length - 1; i >= 0; i--)
            {
                top[i] = heap.Dequeue();
                topLogits[i] = logits[top[i]];
            }
            return (top, topLogits);
        }
        var order = new int[logits.Length];
        var negated = new float[logits.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            negated[i] = -logits[i];
        }
        Array.Sort(negated, order);
        for (var i = 0; i < negated.Length; i++)
        {
            negated[i] = -negated[i];
        }
        return (order, negated);
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
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
}
