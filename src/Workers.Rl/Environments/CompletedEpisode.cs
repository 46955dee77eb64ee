namespace Fleet.Workers.Rl.Environments;

/// <summary>An episode that ended in one copy of a vectorised environment: its undiscounted return and length.</summary>
internal readonly record struct CompletedEpisode(double Return, int Length);
