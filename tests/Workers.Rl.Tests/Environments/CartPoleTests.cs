using Fleet.Workers.Rl.Environments;
using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Tests.Environments;

public sealed class CartPoleTests
{
    private readonly CartPole env = new();
    private readonly float[] observation = new float[4];

    [Fact]
    public void Push_right_from_rest_follows_the_euler_step_worked_by_hand()
    {
        env.ReadState([0, 0, 0, 0, 0], observation);

        var step = env.Step(1, observation);

        // temp = F/M = 100/11; θ̈ = −temp / (l (4/3 − m/M)) = −600/41; ẍ = temp − m l θ̈ / M = 4400/451.
        // Euler with τ = 0.02 moves the velocities only: ẋ = 88/451, θ̇ = −12/41.
        Assert.Equal([0f, (float)(88.0 / 451), 0f, (float)(-12.0 / 41)], observation);
        Assert.Equal(new StepResult(1.0, false, false), step);

        env.Step(1, observation);
        Assert.Equal((float)(0.02 * 88.0 / 451), observation[0]);
        Assert.Equal((float)(0.02 * -12.0 / 41), observation[2]);
    }

    [Fact]
    public void Pole_past_twelve_degrees_terminates_with_reward_one()
    {
        env.ReadState([0, 0, CartPole.ThetaThreshold - 0.001, 1.0, 10], observation);

        var step = env.Step(0, observation);

        Assert.Equal(new StepResult(1.0, Terminated: true, Truncated: false), step);
        Assert.True(observation[2] > CartPole.ThetaThreshold);
    }

    [Fact]
    public void Cart_past_two_point_four_terminates()
    {
        env.ReadState([2.399, 1.0, 0, 0, 10], observation);

        Assert.True(env.Step(1, observation).Terminated);
    }

    [Fact]
    public void Step_five_hundred_is_truncated_not_terminated()
    {
        env.ReadState([0, 0, 0, 0, 499], observation);

        var step = env.Step(1, observation);

        Assert.Equal(new StepResult(1.0, Terminated: false, Truncated: true), step);
    }

    [Fact]
    public void Reset_draws_every_state_variable_from_plus_minus_five_hundredths()
    {
        var rng = new Xoshiro256(7);
        for (var i = 0; i < 200; i++)
        {
            env.Reset(rng, observation);
            Assert.All(observation, v => Assert.InRange(v, -0.05f, 0.05f));
        }
        Span<double> state = stackalloc double[5];
        env.WriteState(state);
        Assert.Equal(0, state[4]);
    }

    [Fact]
    public void Observation_bounds_are_gymnasiums()
    {
        Assert.Equal([4.8f, float.PositiveInfinity, 0.41887903f, float.PositiveInfinity], CartPole.ObservationHigh);
    }
}
