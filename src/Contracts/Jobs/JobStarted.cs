namespace Fleet.Contracts.Jobs;

/// <summary>
/// Worker → job state machine: an attempt began executing on <see cref="WorkerId"/>. Sent only once the attempt has
/// run for the worker's started-report delay (or reports progress): a shorter job reports its start in its
/// JobSucceeded or JobFailed, which saves the state machine a message and a write per job.
/// </summary>
public record JobStarted
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required string WorkerId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
