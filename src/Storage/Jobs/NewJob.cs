using System.Text.Json;

namespace Fleet.Storage.Jobs;

/// <summary>A job about to be submitted, by the Api (POST /v1/jobs) or the Scheduler (a recurring schedule's firing).</summary>
public sealed record NewJob(
    Guid Id,
    string TenantId,
    string Type,
    JsonElement Input,
    int Priority,
    int MaxAttempts,
    int? TimeoutSeconds,
    DateTimeOffset? RunAt,
    string? IdempotencyKey,
    string RequestHash,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether the job waits for its runAt (state scheduled) or goes to its queue at once (queued).</summary>
    public bool IsScheduled => RunAt > CreatedAt;
}
