using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Tests.Ppo;

public sealed class GaeTests
{
    [Fact]
    public void Advantages_and_returns_match_the_worked_example_with_an_episode_boundary()
    {
        // One env, three steps; step 2 starts a new episode, the rollout ends mid-episode (bootstrap from 0.2).
        // t=2: δ = 1 + 0.9·0.2 − 0.3 = 0.88;            A = 0.88
        // t=1: δ = 1 − 0.4 = 0.6 (next step starts anew); A = 0.6
        // t=0: δ = 1 + 0.9·0.4 − 0.5 = 0.86;            A = 0.86 + 0.9·0.8·0.6 = 1.292
        var advantages = new double[3];
        var returns = new double[3];

        Gae.Compute(3, 1, gamma: 0.9, lambda: 0.8, [1, 1, 1], [0.5, 0.4, 0.3], [true, false, true], [0.2], [false], advantages, returns);

        Assert.Equal([0.86 + (0.72 * 0.6), 0.6, 0.88], advantages, new Tolerance(1e-12));
        Assert.Equal([1.792, 1.0, 1.18], returns, new Tolerance(1e-12));
    }

    [Fact]
    public void A_rollout_ending_on_a_done_step_does_not_bootstrap()
    {
        var advantages = new double[2];
        var returns = new double[2];

        // Two envs, one step: env 0 ended (lastDones), env 1 did not.
        Gae.Compute(1, 2, 0.99, 0.95, [1, 1], [0.5, 0.5], [false, false], [10, 10], [true, false], advantages, returns);

        Assert.Equal([0.5, 1 + 9.9 - 0.5], advantages, new Tolerance(1e-12));
    }

    [Fact]
    public void Minibatch_advantages_are_normalised_with_the_unbiased_std()
    {
        double[] advantages = [1, 2, 3];

        Minibatch.Normalize(advantages);

        Assert.Equal([-1 / (1 + 1e-8), 0, 1 / (1 + 1e-8)], advantages, new Tolerance(1e-12));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
