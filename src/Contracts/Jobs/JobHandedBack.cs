namespace Fleet.Contracts.Jobs;

/// <summary>
/// Worker → job state machine: a draining worker stopped an attempt before it finished and put its
/// <see cref="RunJob"/> back on the queue, so the job is queued again without using up an attempt.
/// </summary>
public record JobHandedBack
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required string WorkerId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
