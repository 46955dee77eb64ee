using System.Numerics.Tensors;

namespace Fleet.Workers.Rl.Numerics;

/// <summary>
/// A fully connected network with tanh between layers and a linear output, over rows of a batch. Weights of layer l
/// are [out, in] row-major followed by the bias, inside a shared <see cref="ParameterVector"/>. The backward pass is
/// written by hand and checked against finite differences in MlpTests.
/// </summary>
internal sealed class Mlp
{
    private readonly ParameterVector parameters;
    private readonly int[] sizes;
    private readonly int[] offsets;

    public Mlp(ParameterVector parameters, IReadOnlyList<int> layerSizes)
    {
        this.parameters = parameters;
        sizes = [.. layerSizes];
        offsets = new int[sizes.Length - 1];
        for (var l = 0; l < offsets.Length; l++)
        {
            offsets[l] = parameters.Allocate((sizes[l] * sizes[l + 1]) + sizes[l + 1]);
        }
    }

    public static int ParameterCount(IReadOnlyList<int> layerSizes)
    {
        var count = 0;
        for (var l = 0; l < layerSizes.Count - 1; l++)
        {
            count += (layerSizes[l] * layerSizes[l + 1]) + layerSizes[l + 1];
        }
        return count;
    }

    public IReadOnlyList<int> Sizes => sizes;

    public int InputSize => sizes[0];

    public int OutputSize => sizes[^1];

    public int Layers => offsets.Length;

    public ReadOnlySpan<double> Weights(int layer) => parameters.Values.AsSpan(offsets[layer], sizes[layer] * sizes[layer + 1]);

    public ReadOnlySpan<double> Bias(int layer) =>
        parameters.Values.AsSpan(offsets[layer] + (sizes[layer] * sizes[layer + 1]), sizes[layer + 1]);

    /// <summary>
    /// Orthogonal weights scaled by the gains (as PyTorch's orthogonal_ and Stable-Baselines3 do: √2 for hidden
    /// layers, a small gain for a policy head) and zero biases.
    /// </summary>
    public void Initialize(Xoshiro256 rng, double hiddenGain, double outputGain)
    {
        for (var l = 0; l < Layers; l++)
        {
            var weights = parameters.Values.AsSpan(offsets[l], sizes[l] * sizes[l + 1]);
            Orthogonal.Fill(weights, sizes[l + 1], sizes[l], l == Layers - 1 ? outputGain : hiddenGain, rng);
            parameters.Values.AsSpan(offsets[l] + weights.Length, sizes[l + 1]).Clear();
        }
    }

    /// <summary>Runs <paramref name="batch"/> rows of input; the output is <c>activations.Output</c>.</summary>
    public void Forward(ReadOnlySpan<double> input, int batch, MlpActivations activations)
    {
        activations.Prepare(sizes, batch);
        input[..(batch * sizes[0])].CopyTo(activations.Layer(0));
        for (var l = 0; l < Layers; l++)
        {
            var x = activations.Layer(l);
            var y = activations.Layer(l + 1);
            var (inSize, outSize) = (sizes[l], sizes[l + 1]);
            var w = Weights(l);
            var b = Bias(l);
            for (var row = 0; row < batch; row++)
            {
                var xr = x.Slice(row * inSize, inSize);
                var yr = y.Slice(row * outSize, outSize);
                for (var o = 0; o < outSize; o++)
                {
                    yr[o] = TensorPrimitives.Dot(w.Slice(o * inSize, inSize), xr) + b[o];
                }
            }
            if (l < Layers - 1)
            {
                TensorPrimitives.Tanh(y, y);
            }
        }
    }

    /// <summary>
    /// Adds to the parameter gradients the gradient of a loss whose gradient with respect to the output rows of the
    /// last <see cref="Forward"/> is <paramref name="outputGradient"/>.
    /// </summary>
    public void Backward(MlpActivations activations, ReadOnlySpan<double> outputGradient)
    {
        var batch = activations.Batch;
        var grad = activations.Gradient(Layers);
        outputGradient[..grad.Length].CopyTo(grad);
        var all = parameters.Gradients;
        for (var l = Layers - 1; l >= 0; l--)
        {
            var (inSize, outSize) = (sizes[l], sizes[l + 1]);
            var x = activations.Layer(l);
            var dy = activations.Gradient(l + 1);
            var dw = all.AsSpan(offsets[l], inSize * outSize);
            var db = all.AsSpan(offsets[l] + (inSize * outSize), outSize);
            var w = Weights(l);
            var dx = activations.Gradient(l);
            dx.Clear();
            for (var row = 0; row < batch; row++)
            {
                var xr = x.Slice(row * inSize, inSize);
                var dyr = dy.Slice(row * outSize, outSize);
                var dxr = dx.Slice(row * inSize, inSize);
                for (var o = 0; o < outSize; o++)
                {
                    var g = dyr[o];
                    var dwo = dw.Slice(o * inSize, inSize);
                    TensorPrimitives.MultiplyAdd(xr, g, dwo, dwo);
                    if (l > 0)
                    {
                        TensorPrimitives.MultiplyAdd(w.Slice(o * inSize, inSize), g, dxr, dxr);
                    }
                }
                TensorPrimitives.Add(db, dyr, db);
            }
            if (l > 0)
            {
                // Through tanh: d pre = d post · (1 − y²), y being this layer's input (the previous layer's output).
                for (var i = 0; i < dx.Length; i++)
                {
                    dx[i] *= 1 - (x[i] * x[i]);
                }
            }
        }
    }
}
