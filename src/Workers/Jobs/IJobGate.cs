namespace Fleet.Workers.Jobs;

/// <summary>Whether an arriving RunJob should still run (its job is neither cancelled nor finished).</summary>
public interface IJobGate
{
    Task<bool> ShouldRunAsync(Guid jobId, CancellationToken cancellationToken);
}
