using System.Text.Json;

namespace Fleet.Contracts.Jobs;

/// <summary>
/// Api outbox or job state machine → the worker queue of <see cref="Type"/>: run one attempt of a job.
/// Answered by <see cref="JobStarted"/>, then <see cref="JobSucceeded"/>, <see cref="JobFailed"/> or <see cref="JobCancelled"/>.
/// </summary>
public record RunJob
{
    public required Guid JobId { get; init; }
    public required string TenantId { get; init; }
    public required string Type { get; init; }
    public required JsonElement Input { get; init; }
    /// <summary>1-based attempt number this delivery runs.</summary>
    public required int Attempt { get; init; }
    public required int MaxAttempts { get; init; }
    /// <summary>Run time after which the worker cancels the attempt and fails the job with <c>timeout</c>.</summary>
    public int? TimeoutSeconds { get; init; }
}
