using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Contracts.Jobs;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// What each transition does to a job's fields, and the SSE event it records. Kept apart from the wiring in
/// <see cref="JobStateMachine"/> so both read on one screen.
/// </summary>
public static class JobTransitions
{
    public static RunJob RunJobFor(JobState job) => new()
    {
        JobId = job.CorrelationId,
        TenantId = job.TenantId,
        Type = job.Type,
        Input = job.Input,
        Attempt = job.NextAttempt,
        MaxAttempts = job.AttemptLimit,
        TimeoutSeconds = job.TimeoutSeconds,
    };

    /// <summary>A worker fault, read as a retryable failure of the attempt it interrupted.</summary>
    public static JobFailed FailedFrom(global::MassTransit.Fault<RunJob> fault) => new()
    {
        JobId = fault.Message.JobId,
        Attempt = fault.Message.Attempt,
        ErrorCode = "worker_error",
        ErrorMessage = fault.Exceptions.FirstOrDefault() is { } ex ? $"{ex.ExceptionType}: {ex.Message}" : "The worker faulted.",
        Retryable = true,
        Timestamp = fault.Timestamp,
    };

    public static void Queued(JobState job, DateTimeOffset now)
    {
        job.UpdatedAt = now;
        RecordState(job, JobStates.Queued);
    }

    public static void Started(JobState job, JobStarted started)
    {
        job.Attempts = Math.Max(job.Attempts, started.Attempt);
        job.WorkerId = started.WorkerId;
        job.StartedAt ??= started.Timestamp;
        job.ProgressPercent = null;
        job.ProgressMessage = null;
        job.UpdatedAt = started.Timestamp;
        RecordState(job, JobStates.Running);
    }

    /// <summary>Progress that arrived before its attempt's JobStarted: the attempt has evidently started.</summary>
    public static void StartedByProgress(JobState job, JobProgressed progress) =>
        Started(job, new JobStarted
        {
            JobId = progress.JobId,
            Attempt = progress.Attempt,
            WorkerId = progress.WorkerId ?? job.WorkerId ?? "unknown",
            Timestamp = progress.StartedAt ?? progress.Timestamp,
        });

    /// <summary>Whether a JobStarted tells something new: another attempt, or the same one redelivered elsewhere.</summary>
    public static bool IsNewStart(JobState job, JobStarted started) =>
        started.Attempt != job.Attempts || started.WorkerId != job.WorkerId;

    public static void Progressed(JobState job, JobProgressed progress)
    {
        job.ProgressPercent = Math.Clamp(progress.Percent, 0, 100);
        job.ProgressMessage = progress.Message;
        job.UpdatedAt = progress.Timestamp;
        job.PendingEvents.Add(new JobEvent("progress", JsonSerializer.Serialize(new { percent = job.ProgressPercent, message = job.ProgressMessage })));
    }

    public static void Succeeded(JobState job, JobSucceeded succeeded)
    {
        RecordStart(job, succeeded.Attempt, succeeded.StartedAt, succeeded.WorkerId);
        job.ResultJson = succeeded.Result.GetRawText();
        job.ErrorCode = null;
        job.ErrorMessage = null;
        job.ProgressPercent = 100;
        Finish(job, JobStates.Succeeded, succeeded.Timestamp);
    }

    /// <summary>The attempt failed and another one will follow after back-off.</summary>
    public static void WillRetry(JobState job, JobFailed failed)
    {
        RecordStart(job, failed.Attempt, failed.StartedAt, failed.WorkerId);
        job.ErrorCode = failed.ErrorCode;
        job.ErrorMessage = failed.ErrorMessage;
        job.UpdatedAt = failed.Timestamp;
        RecordState(job, JobStates.Queued);
    }

    public static void Failed(JobState job, JobFailed failed)
    {
        RecordStart(job, failed.Attempt, failed.StartedAt, failed.WorkerId);
        // A retryable error that ran out of attempts reports exhaustion; its last cause stays in the message.
        job.ErrorCode = failed.Retryable ? JobErrorCodes.ExhaustedRetries : failed.ErrorCode;
        job.ErrorMessage = failed.Retryable
            ? $"Failed after {job.Attempts - job.AttemptsBase} attempt(s); last error ({failed.ErrorCode}): {failed.ErrorMessage}"
            : failed.ErrorMessage;
        Finish(job, JobStates.Failed, failed.Timestamp);
    }

    public static void Cancelled(JobState job, DateTimeOffset now)
    {
        job.ErrorCode = null;
        job.ErrorMessage = null;
        Finish(job, JobStates.Cancelled, now);
    }

    /// <summary>POST /v1/jobs/{id}/retry: a new drive with a fresh budget of attempts.</summary>
    public static void Redriven(JobState job, DateTimeOffset now)
    {
        job.AttemptsBase = job.Attempts;
        job.ResultJson = null;
        job.ErrorCode = null;
        job.ErrorMessage = null;
        job.FinishedAt = null;
        job.ProgressPercent = null;
        job.ProgressMessage = null;
        Queued(job, now);
    }

    /// <summary>An outcome of an attempt whose JobStarted was never sent (a short job) carries its start.</summary>
    private static void RecordStart(JobState job, int attempt, DateTimeOffset? startedAt, string? workerId)
    {
        job.Attempts = Math.Max(job.Attempts, attempt);
        job.StartedAt ??= startedAt;
        job.WorkerId = workerId ?? job.WorkerId;
    }

    private static void Finish(JobState job, string state, DateTimeOffset now)
    {
        job.FinishedAt = now;
        job.UpdatedAt = now;
        RecordState(job, state);
        var end = new JsonObject
        {
            ["state"] = state,
            ["attempts"] = job.Attempts,
            ["result"] = job.ResultJson is null ? null : JsonNode.Parse(job.ResultJson),
            ["error"] = job.ErrorCode is null ? null : new JsonObject { ["code"] = job.ErrorCode, ["message"] = job.ErrorMessage },
        };
        job.PendingEvents.Add(new JobEvent("end", end.ToJsonString()));
    }

    private static void RecordState(JobState job, string state) =>
        job.PendingEvents.Add(new JobEvent("state", JsonSerializer.Serialize(new { state, attempts = job.Attempts })) { EnteredState = state });
}
