namespace Fleet.Workers.Jobs;

/// <summary>Whether an arriving RunJob should still run (its job is neither cancelled nor finished, and no later attempt started).</summary>
public interface IJobGate
{
    Task<bool> ShouldRunAsync(Guid jobId, int attempt, CancellationToken cancellationToken);
}
