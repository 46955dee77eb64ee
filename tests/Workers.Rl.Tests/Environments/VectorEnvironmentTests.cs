using Fleet.Workers.Rl.Environments;
using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Tests.Environments;

public sealed class VectorEnvironmentTests
{
    [Fact]
    public void A_copy_whose_episode_ends_is_reset_at_once_and_reports_its_return_length_and_final_observation()
    {
        var envs = new VectorEnvironment("CartPole-v1", 3, new Xoshiro256(1));
        var results = new StepResult[3];
        var finals = new float[12];
        var completed = new List<CompletedEpisode>();
        var pushRight = new int[] { 1, 1, 1 };

        var steps = 0;
        while (completed.Count == 0)
        {
            envs.Step(pushRight, results, finals, completed);
            steps++;
        }

        var ended = Array.FindIndex(results, r => r.Done);
        Assert.True(results[ended].Terminated);
        Assert.Equal(steps, completed[0].Length);
        Assert.Equal(steps, completed[0].Return);
        // The final observation is past a threshold; the current one is the next episode's start.
        Assert.True(Math.Abs(finals[(ended * 4) + 2]) > CartPole.ThetaThreshold || Math.Abs(finals[ended * 4]) > CartPole.XThreshold);
        Assert.All(envs.Observations.AsSpan(ended * 4, 4).ToArray(), v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void Each_copy_draws_its_own_start_state()
    {
        var envs = new VectorEnvironment("Acrobot-v1", 2, new Xoshiro256(5));

        Assert.False(envs.Observation(0).SequenceEqual(envs.Observation(1)));
    }
}
