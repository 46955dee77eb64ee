namespace Fleet.Workers.Rl.Checkpoints;

/// <summary>Where rl.train jobs keep their checkpoints and trained policies, reachable from every worker.</summary>
public interface ICheckpointStore
{
    /// <summary>Saves the checkpoint (replacing one of the same update) and drops all but the newest <paramref name="keep"/> of its job.</summary>
    Task SaveAsync(StoredCheckpoint checkpoint, int keep, CancellationToken cancellationToken);

    /// <summary>The job's newest checkpoint, or null when it has none.</summary>
    Task<StoredCheckpoint?> LoadLatestAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Updates of the job's checkpoints, oldest first.</summary>
    Task<IReadOnlyList<long>> ListAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Saves (or replaces) the job's exported policy; returns where it lies.</summary>
    Task<string> SavePolicyAsync(Guid jobId, string format, byte[] data, CancellationToken cancellationToken);
}
