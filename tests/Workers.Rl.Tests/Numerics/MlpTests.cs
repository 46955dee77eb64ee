using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Tests.Numerics;

public sealed class MlpTests
{
    [Fact]
    public void Backward_pass_matches_central_finite_differences_for_every_parameter()
    {
        int[] sizes = [3, 5, 4, 2];
        var parameters = new ParameterVector(Mlp.ParameterCount(sizes));
        var mlp = new Mlp(parameters, sizes);
        var rng = new Xoshiro256(11);
        mlp.Initialize(rng, Math.Sqrt(2), 1.0);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters.Values[i] += 0.1 * rng.NextGaussian(); // non-zero biases too
        }
        const int batch = 4;
        var input = Enumerable.Range(0, batch * 3).Select(_ => rng.NextGaussian()).ToArray();
        var weights = Enumerable.Range(0, batch * 2).Select(_ => rng.NextGaussian()).ToArray();
        var activations = new MlpActivations();
        double Loss()
        {
            mlp.Forward(input, batch, activations);
            return System.Numerics.Tensors.TensorPrimitives.Dot(activations.Output, weights);
        }

        Loss();
        parameters.ZeroGradients();
        mlp.Backward(activations, weights);
        var analytic = (double[])parameters.Gradients.Clone();

        const double h = 1e-6;
        for (var i = 0; i < parameters.Length; i++)
        {
            var original = parameters.Values[i];
            parameters.Values[i] = original + h;
            var plus = Loss();
            parameters.Values[i] = original - h;
            var minus = Loss();
            parameters.Values[i] = original;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                $"parameter {i}: analytic {analytic[i]:R}, numeric {numeric:R}");
        }
    }

    [Fact]
    public void Forward_is_tanh_of_affine_layers_then_affine()
    {
        int[] sizes = [2, 2, 1];
        var parameters = new ParameterVector(Mlp.ParameterCount(sizes));
        var mlp = new Mlp(parameters, sizes);
        // Layer 0: W = [[1, 2], [3, 4]], b = [0.5, -0.5]; layer 1: W = [[1, -1]], b = [0.25].
        double[] values = [1, 2, 3, 4, 0.5, -0.5, 1, -1, 0.25];
        values.CopyTo(parameters.Values, 0);
        var activations = new MlpActivations();

        mlp.Forward([0.1, 0.2], 1, activations);

        var expected = Math.Tanh(0.1 + 0.4 + 0.5) - Math.Tanh(0.3 + 0.8 - 0.5) + 0.25;
        Assert.Equal(expected, activations.Output[0], 15);
    }

    [Fact]
    public void Orthogonal_initialisation_gives_orthonormal_rows_times_the_gain()
    {
        var matrix = new double[3 * 8];
        Orthogonal.Fill(matrix, 3, 8, 2.0, new Xoshiro256(1));

        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                var dot = System.Numerics.Tensors.TensorPrimitives.Dot<double>(matrix.AsSpan(a * 8, 8), matrix.AsSpan(b * 8, 8));
                Assert.Equal(a == b ? 4.0 : 0.0, dot, 10);
            }
        }
    }
}
