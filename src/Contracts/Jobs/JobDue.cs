namespace Fleet.Contracts.Jobs;

/// <summary>Message scheduler → job state machine: a scheduled job's <c>runAt</c> has come.</summary>
public record JobDue
{
    public required Guid JobId { get; init; }
}
