namespace Fleet.Contracts.Jobs;

/// <summary>
/// Job state machine → every worker (published, each worker has its own transient queue): stop the attempt of
/// <see cref="JobId"/> if it runs here, and skip it if its <see cref="RunJob"/> arrives later.
/// </summary>
public record StopJobRun
{
    public required Guid JobId { get; init; }
    /// <summary>Why it stops: <c>cancelled</c> or <c>timeout</c>.</summary>
    public required string Reason { get; init; }
}
