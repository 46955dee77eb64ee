namespace Fleet.Contracts.Jobs;

/// <summary>Api outbox → job state machine: re-drive a failed or cancelled job (POST /v1/jobs/{id}/retry).</summary>
public record RetryJob
{
    public required Guid JobId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
