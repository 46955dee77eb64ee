using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Tests.Numerics;

public sealed class AdamOptimizerTests
{
    [Fact]
    public void First_step_moves_each_parameter_by_about_the_learning_rate_as_pytorch_does()
    {
        var parameters = new ParameterVector(2);
        parameters.Values[0] = 1.0;
        parameters.Values[1] = -2.0;
        parameters.Gradients[0] = 0.5;
        parameters.Gradients[1] = -4.0;
        var adam = new AdamOptimizer(parameters);

        adam.Step(0.1);

        // m̂ = g and √v̂ = |g| after one step: Δ = −lr · g / (|g| + 1e-5).
        Assert.Equal(1.0 - (0.1 * 0.5 / (0.5 + 1e-5)), parameters.Values[0], 12);
        Assert.Equal(-2.0 + (0.1 * 4.0 / (4.0 + 1e-5)), parameters.Values[1], 12);
        Assert.Equal(1, adam.Steps);
    }

    [Fact]
    public void Gradient_norm_above_the_limit_is_scaled_down_to_it()
    {
        var parameters = new ParameterVector(2);
        parameters.Gradients[0] = 3;
        parameters.Gradients[1] = 4;
        var adam = new AdamOptimizer(parameters);

        var before = adam.ClipGradientNorm(0.5);

        Assert.Equal(5, before);
        Assert.Equal(3 * 0.5 / (5 + 1e-6), parameters.Gradients[0], 15);
        Assert.Equal(4 * 0.5 / (5 + 1e-6), parameters.Gradients[1], 15);
    }

    [Fact]
    public void Gradient_norm_below_the_limit_is_left_alone()
    {
        var parameters = new ParameterVector(2);
        parameters.Gradients[0] = 0.3;
        parameters.Gradients[1] = 0.3;

        new AdamOptimizer(parameters).ClipGradientNorm(0.5);

        Assert.Equal([0.3, 0.3], parameters.Gradients);
    }
}
