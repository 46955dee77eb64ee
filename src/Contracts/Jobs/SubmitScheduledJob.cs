namespace Fleet.Contracts.Jobs;

/// <summary>Api outbox → job state machine: a job submitted with <c>runAt</c> in the future waits in <c>scheduled</c> until then.</summary>
public record SubmitScheduledJob
{
    public required Guid JobId { get; init; }
    public required DateTimeOffset RunAt { get; init; }
}
