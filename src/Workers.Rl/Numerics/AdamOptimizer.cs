namespace Fleet.Workers.Rl.Numerics;

/// <summary>
/// Adam as PyTorch implements it (bias-corrected moments, ε added outside the square root), with the ε of 1e-5 that
/// Stable-Baselines3 uses for PPO. The moments and step count are part of every checkpoint.
/// </summary>
internal sealed class AdamOptimizer(ParameterVector parameters, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-5)
{
    private readonly double[] m = new double[parameters.Length];
    private readonly double[] v = new double[parameters.Length];

    public long Steps { get; private set; }

    public void Step(double learningRate)
    {
        Steps++;
        var correction1 = 1 - Math.Pow(beta1, Steps);
        var correction2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, Steps));
        var stepSize = learningRate / correction1;
        var values = parameters.Values;
        var gradients = parameters.Gradients;
        for (var i = 0; i < values.Length; i++)
        {
            var g = gradients[i];
            m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
            values[i] -= stepSize * m[i] / ((Math.Sqrt(v[i]) / correction2Sqrt) + epsilon);
        }
    }

    /// <summary>Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/>; returns the norm before.</summary>
    public double ClipGradientNorm(double maxNorm)
    {
        var gradients = parameters.Gradients;
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm<double>(gradients);
        // PyTorch's clip_grad_norm_: scale by max / (norm + 1e-6) only when that is below 1.
        var scale = maxNorm / (norm + 1e-6);
        if (scale < 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, scale, gradients);
        }
        return norm;
    }

    public void Write(CheckpointWriter writer)
    {
        writer.Write(Steps);
        writer.Write(m);
        writer.Write(v);
    }

    public void Read(CheckpointReader reader)
    {
        Steps = reader.ReadInt64();
        reader.Read(m);
        reader.Read(v);
    }
}
