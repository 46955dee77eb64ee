using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Training;

/// <summary>An update the trainer thread finished, with its checkpoint bytes when one is due.</summary>
internal sealed record UpdateOutcome(UpdateStats Stats, double StepsPerSecond, byte[]? Checkpoint);
