using Fleet.Workers.Rl.Environments;

namespace Fleet.Workers.Rl.Tests.Environments;

public sealed class AcrobotTests
{
    private readonly Acrobot env = new();
    private readonly float[] observation = new float[6];

    [Fact]
    public void Hanging_at_rest_without_torque_stays_at_rest_and_costs_one()
    {
        env.ReadState([0, 0, 0, 0, 0], observation);

        var step = env.Step(1, observation);

        Assert.Equal(new StepResult(-1.0, false, false), step);
        // cos(−π/2) in the gravity terms is 6e-17, not 0, in Gymnasium as here: the pendulum barely moves.
        float[] rest = [1f, 0f, 1f, 0f, 0f, 0f];
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(rest[i], observation[i], 1e-15f);
        }
    }

    [Fact]
    public void Accelerations_at_rest_under_unit_torque_match_the_book_equations_worked_by_hand()
    {
        Span<double> derivative = stackalloc double[4];

        Acrobot.Derivatives([0, 0, 0, 0], 1.0, derivative);

        // d1 = 4.5, d2 = 1.75, φ1 = φ2 = 0: θ̈2 = 1 / (1.25 − 1.75²/4.5) = 72/41, θ̈1 = −d2 θ̈2 / d1 = −28/41.
        Assert.Equal(0, derivative[0]);
        Assert.Equal(0, derivative[1]);
        Assert.Equal(-28.0 / 41, derivative[2], 12);
        Assert.Equal(72.0 / 41, derivative[3], 12);
    }

    [Fact]
    // RK4 over 0.2 s is accurate to a few 1e-4 here; a wrong stage weight or step would miss by more than 1e-2.
    public void One_rk4_step_agrees_with_a_fine_euler_integration_of_the_same_equations()
    {
        double[] start = [0.3, -0.2, 0.5, -0.4];
        env.ReadState([.. start, 0], observation);
        env.Step(2, observation);
        Span<double> after = stackalloc double[5];
        env.WriteState(after);

        var reference = (double[])start.Clone();
        Span<double> derivative = stackalloc double[4];
        const int substeps = 200_000;
        for (var i = 0; i < substeps; i++)
        {
            Acrobot.Derivatives(reference, 1.0, derivative);
            for (var k = 0; k < 4; k++)
            {
                reference[k] += 0.2 / substeps * derivative[k];
            }
        }
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(reference[k], after[k], 1e-3);
        }
    }

    [Fact]
    public void Tip_above_one_link_length_terminates_with_reward_zero()
    {
        // Both links pointing up: −cos θ1 − cos(θ1 + θ2) = 2 > 1.
        env.ReadState([Math.PI - 0.01, 0, 0, 0, 3], observation);

        Assert.Equal(new StepResult(0.0, Terminated: true, Truncated: false), env.Step(1, observation));
    }

    [Fact]
    public void Velocities_are_clipped_and_angles_wrapped()
    {
        env.ReadState([Math.PI - 0.001, 0, 30, 60, 0], observation);
        env.Step(1, observation);
        Span<double> state = stackalloc double[5];
        env.WriteState(state);

        Assert.InRange(state[0], -Math.PI, Math.PI);
        Assert.InRange(state[2], -Acrobot.MaxVelocity1, Acrobot.MaxVelocity1);
        Assert.InRange(state[1], -Math.PI, Math.PI);
        Assert.InRange(state[3], -Acrobot.MaxVelocity2, Acrobot.MaxVelocity2);
    }

    [Fact]
    public void Step_five_hundred_is_truncated()
    {
        env.ReadState([0, 0, 0, 0, 499], observation);

        Assert.Equal(new StepResult(-1.0, Terminated: false, Truncated: true), env.Step(1, observation));
    }
}
