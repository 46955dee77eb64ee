namespace Fleet.Contracts.Jobs;

/// <summary>Worker → job state machine: an attempt began executing on <see cref="WorkerId"/>.</summary>
public record JobStarted
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required string WorkerId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
