namespace Fleet.Workers.Rl.Checkpoints;

/// <summary>A trainer checkpoint of one job, taken after PPO update <paramref name="Update"/>.</summary>
public sealed record StoredCheckpoint(Guid JobId, long Update, long Steps, byte[] Data)
{
    /// <summary>Where the checkpoint lies, as the job's result names it.</summary>
    public string Location => $"postgres://rl_checkpoints/{JobId}/{Update}";
}
