namespace Fleet.Workers.Rl.Numerics;

/// <summary>A categorical distribution given by logits: log-softmax computed around the maximum so it never overflows.</summary>
internal static class Categorical
{
    public static void LogSoftmax(ReadOnlySpan<double> logits, Span<double> logProbabilities)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }
        var logSum = max + Math.Log(sum);
        for (var i = 0; i < logits.Length; i++)
        {
            logProbabilities[i] = logits[i] - logSum;
        }
    }

    /// <summary>Draws an action by inverting the cumulative distribution at one uniform number.</summary>
    public static int Sample(ReadOnlySpan<double> logProbabilities, Xoshiro256 rng)
    {
        var u = rng.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < logProbabilities.Length - 1; i++)
        {
            cumulative += Math.Exp(logProbabilities[i]);
            if (u < cumulative)
            {
                return i;
            }
        }
        return logProbabilities.Length - 1;
    }

    /// <summary>The most likely action (the first on ties), for deterministic evaluation.</summary>
    public static int ArgMax(ReadOnlySpan<double> logits) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);

    public static double Entropy(ReadOnlySpan<double> logProbabilities)
    {
        var entropy = 0.0;
        foreach (var logP in logProbabilities)
        {
            entropy -= Math.Exp(logP) * logP;
        }
        return entropy;
    }
}
