using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Environments;

/// <summary>
/// One copy of a discrete-action control task, including its time limit (Gymnasium's TimeLimit wrapper), whose whole
/// state can be written out and read back so that a resumed run continues from exactly where it stopped.
/// </summary>
internal interface IEnvironment
{
    int ObservationSize { get; }

    int ActionCount { get; }

    /// <summary>Doubles that <see cref="WriteState"/> writes: the physics plus the elapsed step count.</summary>
    int StateSize { get; }

    /// <summary>Starts an episode, drawing the initial state from <paramref name="rng"/>.</summary>
    void Reset(Xoshiro256 rng, Span<float> observation);

    /// <summary>Advances one step; the observation written is the state after the step.</summary>
    StepResult Step(int action, Span<float> observation);

    void WriteState(Span<double> state);

    void ReadState(ReadOnlySpan<double> state, Span<float> observation);
}
