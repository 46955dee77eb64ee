namespace Fleet.Contracts.Jobs;

/// <summary>
/// Worker → job state machine: an attempt failed. The state machine retries with back-off while
/// <see cref="Retryable"/> and attempts remain, otherwise the job ends <c>failed</c>.
/// </summary>
public record JobFailed
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    /// <summary>A code from <see cref="JobErrorCodes"/> or a job type's own.</summary>
    public required string ErrorCode { get; init; }
    public required string ErrorMessage { get; init; }
    public required bool Retryable { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When the attempt began; lets a short job skip its separate JobStarted.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The worker that ran the attempt.</summary>
    public string? WorkerId { get; init; }
}
