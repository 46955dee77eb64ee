using Fleet.Workers.Rl.Numerics;
using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Tests.Ppo;

public sealed class PpoObjectiveTests
{
    private readonly ParameterVector parameters;
    private readonly Mlp policy;
    private readonly Mlp value;
    private readonly PpoObjective objective;

    public PpoObjectiveTests()
    {
        int[] policySizes = [4, 6, 6, 3];
        int[] valueSizes = [4, 6, 6, 1];
        parameters = new ParameterVector(Mlp.ParameterCount(policySizes) + Mlp.ParameterCount(valueSizes));
        policy = new Mlp(parameters, policySizes);
        value = new Mlp(parameters, valueSizes);
        var rng = new Xoshiro256(21);
        policy.Initialize(rng, Math.Sqrt(2), 1.0);
        value.Initialize(rng, Math.Sqrt(2), 1.0);
        objective = new PpoObjective(policy, value);
    }

    [Theory]
    [InlineData(1.0, 1.5, -1.2, true)]    // A > 0, r above 1 + ε: the clipped term wins, no gradient
    [InlineData(-1.0, 1.5, 1.5, false)]   // A < 0, r above 1 + ε: the unclipped term is the minimum
    [InlineData(-1.0, 0.5, 0.8, true)]    // A < 0, r below 1 − ε: clipped, no gradient
    [InlineData(1.0, 1.1, -1.1, false)]   // inside the range: plain ratio · A
    public void Clipped_surrogate_takes_the_pessimistic_term(double advantage, double ratio, double expectedPolicyLoss, bool expectZeroGradient)
    {
        double[] observation = [0.1, -0.2, 0.3, 0.05];
        var logP = LogProbabilities(observation);
        // Old log-probability chosen so that π_new(a) / π_old(a) is exactly the ratio under test.
        double[] old = [logP[2] - Math.Log(ratio)];
        parameters.ZeroGradients();

        var loss = objective.Evaluate(observation, [2], old, [advantage], [0.0], 1, clipRange: 0.2, entCoef: 0, vfCoef: 0, accumulateGradients: true);

        Assert.Equal(expectedPolicyLoss, loss.PolicyLoss, 12);
        Assert.Equal(Math.Abs(ratio - 1) > 0.2 ? 1 : 0, loss.ClipFraction);
        Assert.Equal(ratio - 1 - Math.Log(ratio), loss.ApproxKl, 12);
        Assert.Equal(expectZeroGradient, parameters.Gradients.All(g => g == 0));
    }

    [Fact]
    public void Gradient_of_the_whole_loss_matches_finite_differences()
    {
        var rng = new Xoshiro256(5);
        const int batch = 6;
        var observations = Enumerable.Range(0, batch * 4).Select(_ => rng.NextGaussian()).ToArray();
        int[] actions = [0, 1, 2, 2, 1, 0];
        var advantages = Enumerable.Range(0, batch).Select(_ => rng.NextGaussian()).ToArray();
        var returns = Enumerable.Range(0, batch).Select(_ => rng.NextGaussian()).ToArray();
        // Ratios spread over both sides of the clip range, away from its edges where the loss has a kink.
        double[] ratios = [0.5, 0.9, 1.05, 1.5, 0.7, 1.35];
        var old = new double[batch];
        for (var i = 0; i < batch; i++)
        {
            old[i] = LogProbabilities(observations.AsSpan(i * 4, 4).ToArray())[actions[i]] - Math.Log(ratios[i]);
        }
        double Loss(bool gradients) =>
            objective.Evaluate(observations, actions, old, advantages, returns, batch, 0.2, entCoef: 0.05, vfCoef: 0.5, gradients).Total;

        parameters.ZeroGradients();
        Loss(gradients: true);
        var analytic = (double[])parameters.Gradients.Clone();

        const double h = 1e-6;
        for (var i = 0; i < parameters.Length; i++)
        {
            var original = parameters.Values[i];
            parameters.Values[i] = original + h;
            var plus = Loss(false);
            parameters.Values[i] = original - h;
            var minus = Loss(false);
            parameters.Values[i] = original;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                $"parameter {i}: analytic {analytic[i]:R}, numeric {numeric:R}");
        }
    }

    private double[] LogProbabilities(double[] observation)
    {
        var activations = new MlpActivations();
        policy.Forward(observation, 1, activations);
        var logP = new double[3];
        Categorical.LogSoftmax(activations.Output, logP);
        return logP;
    }
}
