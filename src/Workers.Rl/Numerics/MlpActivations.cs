namespace Fleet.Workers.Rl.Numerics;

/// <summary>What a forward pass keeps for its backward pass: every layer's output and room for its gradient.</summary>
internal sealed class MlpActivations
{
    private double[][] layers = [];
    private double[][] gradients = [];
    private int[] widths = [];

    public int Batch { get; private set; }

    public ReadOnlySpan<double> Output => layers[^1].AsSpan(0, Batch * widths[^1]);

    public Span<double> Layer(int index) => layers[index].AsSpan(0, Batch * widths[index]);

    public Span<double> Gradient(int index) => gradients[index].AsSpan(0, Batch * widths[index]);

    public void Prepare(int[] sizes, int batch)
    {
        if (layers.Length != sizes.Length || sizes.Where((s, i) => layers[i].Length < s * batch).Any())
        {
            layers = [.. sizes.Select(s => new double[s * batch])];
            gradients = [.. sizes.Select(s => new double[s * batch])];
        }
        widths = sizes;
        Batch = batch;
    }
}
