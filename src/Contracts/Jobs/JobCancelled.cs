namespace Fleet.Contracts.Jobs;

/// <summary>Worker → job state machine: a running attempt stopped because the job was cancelled.</summary>
public record JobCancelled
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
