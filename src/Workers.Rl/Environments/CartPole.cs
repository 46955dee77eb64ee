using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Environments;

/// <summary>
/// CartPole-v1 as Gymnasium defines it (classic_control/cartpole.py): Euler integration with τ = 0.02 s, termination
/// when |x| &gt; 2.4 or |θ| &gt; 12°, reward 1 for every step including the last, truncation at 500 steps, and a start
/// state uniform in [-0.05, 0.05]⁴. The state is kept in doubles and observed as floats, as NumPy does there.
/// </summary>
internal sealed class CartPole : IEnvironment
{
    public const int MaxEpisodeSteps = 500;
    private const double Gravity = 9.8;
    private const double MassCart = 1.0;
    private const double MassPole = 0.1;
    private const double TotalMass = MassPole + MassCart;
    private const double Length = 0.5; // half the pole's length
    private const double PoleMassLength = MassPole * Length;
    private const double ForceMagnitude = 10.0;
    private const double Tau = 0.02;
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    public const double XThreshold = 2.4;

    private double x, xDot, theta, thetaDot;
    private int elapsed;

    /// <summary>Gymnasium's observation_space.high (low is its negative): twice the thresholds, velocities unbounded.</summary>
    public static IReadOnlyList<float> ObservationHigh { get; } =
        [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThreshold * 2), float.PositiveInfinity];

    public int ObservationSize => 4;

    public int ActionCount => 2;

    public int StateSize => 5;

    public void Reset(Xoshiro256 rng, Span<float> observation)
    {
        x = rng.NextDouble(-0.05, 0.05);
        xDot = rng.NextDouble(-0.05, 0.05);
        theta = rng.NextDouble(-0.05, 0.05);
        thetaDot = rng.NextDouble(-0.05, 0.05);
        elapsed = 0;
        Observe(observation);
    }

    public StepResult Step(int action, Span<float> observation)
    {
        if ((uint)action >= 2)
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "CartPole has actions 0 (push left) and 1 (push right).");
        }
        var force = action == 1 ? ForceMagnitude : -ForceMagnitude;
        var cosTheta = Math.Cos(theta);
        var sinTheta = Math.Sin(theta);
        var temp = (force + (PoleMassLength * thetaDot * thetaDot * sinTheta)) / TotalMass;
        var thetaAcc = ((Gravity * sinTheta) - (cosTheta * temp)) /
            (Length * ((4.0 / 3.0) - (MassPole * cosTheta * cosTheta / TotalMass)));
        var xAcc = temp - (PoleMassLength * thetaAcc * cosTheta / TotalMass);

        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        elapsed++;

        var terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        Observe(observation);
        return new StepResult(1.0, terminated, elapsed >= MaxEpisodeSteps);
    }

    public void WriteState(Span<double> state)
    {
        state[0] = x;
        state[1] = xDot;
        state[2] = theta;
        state[3] = thetaDot;
        state[4] = elapsed;
    }

    public void ReadState(ReadOnlySpan<double> state, Span<float> observation)
    {
        (x, xDot, theta, thetaDot, elapsed) = (state[0], state[1], state[2], state[3], (int)state[4]);
        Observe(observation);
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)x;
        observation[1] = (float)xDot;
        observation[2] = (float)theta;
        observation[3] = (float)thetaDot;
    }
}
