namespace Fleet.Contracts.Jobs;

/// <summary>
/// Worker → job state machine: a draining worker stopped an attempt before it finished and left its
/// <see cref="RunJob"/> unacknowledged, so the broker requeues it and the job is queued again without using up an attempt.
/// </summary>
public record JobHandedBack
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required string WorkerId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
