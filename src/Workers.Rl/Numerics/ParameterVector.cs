namespace Fleet.Workers.Rl.Numerics;

/// <summary>
/// Every trainable number of a model in one flat array, with its gradient beside it, so the optimizer, gradient-norm
/// clipping and checkpoints each handle one span. Layers take slices with <see cref="Allocate"/>.
/// </summary>
internal sealed class ParameterVector(int length)
{
    private int allocated;

    public double[] Values { get; } = new double[length];

    public double[] Gradients { get; } = new double[length];

    public int Length => Values.Length;

    /// <summary>Reserves the next <paramref name="count"/> parameters; returns their offset.</summary>
    public int Allocate(int count)
    {
        if (allocated + count > Values.Length)
        {
            throw new InvalidOperationException($"The parameter vector holds {Values.Length} values; {allocated + count} were requested.");
        }
        var offset = allocated;
        allocated += count;
        return offset;
    }

    public void ZeroGradients() => Array.Clear(Gradients);
}
