namespace Fleet.Workers.Rl.Ppo;

/// <summary>Rows of a rollout gathered into contiguous arrays, with advantages normalised over the minibatch (as SB3 does).</summary>
internal sealed class Minibatch(int capacity, int observationSize)
{
    public double[] Observations { get; } = new double[capacity * observationSize];
    public int[] Actions { get; } = new int[capacity];
    public double[] LogProbabilities { get; } = new double[capacity];
    public double[] Advantages { get; } = new double[capacity];
    public double[] Returns { get; } = new double[capacity];

    /// <summary>Copies the rows at <paramref name="rows"/>; returns how many.</summary>
    public int Gather(RolloutBuffer buffer, ReadOnlySpan<int> rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            buffer.Observations.AsSpan(row * observationSize, observationSize).CopyTo(Observations.AsSpan(i * observationSize));
            Actions[i] = buffer.Actions[row];
            LogProbabilities[i] = buffer.LogProbabilities[row];
            Advantages[i] = buffer.Advantages[row];
            Returns[i] = buffer.Returns[row];
        }
        Normalize(Advantages.AsSpan(0, rows.Length));
        return rows.Length;
    }

    /// <summary>(A − mean) / (std + 1e-8) with PyTorch's unbiased std; a single row is left alone, as in SB3.</summary>
    public static void Normalize(Span<double> advantages)
    {
        if (advantages.Length < 2)
        {
            return;
        }
        var mean = 0.0;
        foreach (var a in advantages) { mean += a; }
        mean /= advantages.Length;
        var squares = 0.0;
        foreach (var a in advantages) { squares += (a - mean) * (a - mean); }
        var std = Math.Sqrt(squares / (advantages.Length - 1));
        for (var i = 0; i < advantages.Length; i++)
        {
            advantages[i] = (advantages[i] - mean) / (std + 1e-8);
        }
    }
}
