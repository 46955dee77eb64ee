namespace Fleet.Contracts.Jobs;

/// <summary>Api outbox → job state machine: cancel a scheduled, queued or running job (POST /v1/jobs/{id}/cancel).</summary>
public record CancelJob
{
    public required Guid JobId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
