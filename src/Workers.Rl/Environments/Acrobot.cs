using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Environments;

/// <summary>
/// Acrobot-v1 as Gymnasium defines it (classic_control/acrobot.py): the "book" dynamics of Sutton and Barto,
/// one fourth-order Runge–Kutta step of dt = 0.2 s per action, torques -1/0/+1, no torque noise, angles wrapped to
/// [-π, π], velocities clipped to 4π and 9π, reward -1 per step and 0 on reaching the goal height, truncation at
/// 500 steps, start state uniform in [-0.1, 0.1]⁴. Observation: cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2.
/// </summary>
internal sealed class Acrobot : IEnvironment
{
    public const int MaxEpisodeSteps = 500;
    private const double Dt = 0.2;
    private const double Length1 = 1.0;
    private const double Mass1 = 1.0;
    private const double Mass2 = 1.0;
    private const double CenterOfMass1 = 0.5;
    private const double CenterOfMass2 = 0.5;
    private const double MomentOfInertia = 1.0;
    private const double Gravity = 9.8;
    public const double MaxVelocity1 = 4 * Math.PI;
    public const double MaxVelocity2 = 9 * Math.PI;

    private readonly double[] s = new double[4];
    private int elapsed;

    public int ObservationSize => 6;

    public int ActionCount => 3;

    public int StateSize => 5;

    public void Reset(Xoshiro256 rng, Span<float> observation)
    {
        for (var i = 0; i < 4; i++)
        {
            s[i] = rng.NextDouble(-0.1, 0.1);
        }
        elapsed = 0;
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        if ((uint)action >= 3)
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Acrobot has actions 0, 1 and 2 (torque -1, 0, +1).");
        }
        double torque = action - 1;
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4];
        Span<double> y = stackalloc double[4];
        Derivatives(s, torque, k1);
        for (var i = 0; i < 4; i++) { y[i] = s[i] + (Dt / 2 * k1[i]); }
        Derivatives(y, torque, k2);
        for (var i = 0; i < 4; i++) { y[i] = s[i] + (Dt / 2 * k2[i]); }
        Derivatives(y, torque, k3);
        for (var i = 0; i < 4; i++) { y[i] = s[i] + (Dt * k3[i]); }
        Derivatives(y, torque, k4);
        for (var i = 0; i < 4; i++)
        {
            s[i] += Dt / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
        }
        s[0] = Wrap(s[0], -Math.PI, Math.PI);
        s[1] = Wrap(s[1], -Math.PI, Math.PI);
        s[2] = Math.Clamp(s[2], -MaxVelocity1, MaxVelocity1);
        s[3] = Math.Clamp(s[3], -MaxVelocity2, MaxVelocity2);
        elapsed++;

        var terminated = -Math.Cos(s[0]) - Math.Cos(s[1] + s[0]) > 1.0;
        Observe(observation);
        return new StepResult(terminated ? 0.0 : -1.0, terminated, elapsed >= MaxEpisodeSteps);
    }

    public void WriteState(Span<double> state)
    {
        s.CopyTo(state);
        state[4] = elapsed;
    }

    public void ReadState(ReadOnlySpan<double> state, Span<float> observation)
    {
        state[..4].CopyTo(s);
        elapsed = (int)state[4];
        Observe(observation);
    }

    /// <summary>Gymnasium's _dsdt with book_or_nips = "book".</summary>
    internal static void Derivatives(ReadOnlySpan<double> state, double a, Span<double> derivative)
    {
        var (theta1, theta2, dtheta1, dtheta2) = (state[0], state[1], state[2], state[3]);
        const double m1 = Mass1, m2 = Mass2, l1 = Length1, lc1 = CenterOfMass1, lc2 = CenterOfMass2;
        const double i1 = MomentOfInertia, i2 = MomentOfInertia, g = Gravity;
        var d1 = (m1 * lc1 * lc1) + (m2 * ((l1 * l1) + (lc2 * lc2) + (2 * l1 * lc2 * Math.Cos(theta2)))) + i1 + i2;
        var d2 = (m2 * ((lc2 * lc2) + (l1 * lc2 * Math.Cos(theta2)))) + i2;
        var phi2 = m2 * lc2 * g * Math.Cos(theta1 + theta2 - (Math.PI / 2.0));
        var phi1 = (-m2 * l1 * lc2 * dtheta2 * dtheta2 * Math.Sin(theta2))
            - (2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2))
            + (((m1 * lc1) + (m2 * l1)) * g * Math.Cos(theta1 - (Math.PI / 2)))
            + phi2;
        var ddtheta2 = (a + (d2 / d1 * phi1) - (m2 * l1 * lc2 * dtheta1 * dtheta1 * Math.Sin(theta2)) - phi2)
            / ((m2 * lc2 * lc2) + i2 - (d2 * d2 / d1));
        var ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;
        derivative[0] = dtheta1;
        derivative[1] = dtheta2;
        derivative[2] = ddtheta1;
        derivative[3] = ddtheta2;
    }

    private static double Wrap(double value, double low, double high)
    {
        var range = high - low;
        while (value > high) { value -= range; }
        while (value < low) { value += range; }
        return value;
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(s[0]);
        observation[1] = (float)Math.Sin(s[0]);
        observation[2] = (float)Math.Cos(s[1]);
        observation[3] = (float)Math.Sin(s[1]);
        observation[4] = (float)s[2];
        observation[5] = (float)s[3];
    }
}
