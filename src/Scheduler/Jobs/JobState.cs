using System.Text.Json;
using MassTransit;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// One job as its state machine sees it. Persisted as the job's row in the <c>jobs</c> table (JobStateStore), which the
/// Api inserts at submit and reads for GET /v1/jobs.
/// </summary>
public sealed class JobState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "Initial";

    public string TenantId { get; set; } = "";
    public string Type { get; set; } = "";
    public JsonElement Input { get; set; }
    public int Priority { get; set; }
    public int Attempts { get; set; }
    public int AttemptsBase { get; set; }
    public int MaxAttempts { get; set; }
    public int? TimeoutSeconds { get; set; }
    public DateTimeOffset? RunAt { get; set; }
    public string? ResultJson { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public double? ProgressPercent { get; set; }
    public string? ProgressMessage { get; set; }
    public string? WorkerId { get; set; }
    public Guid? ScheduleToken { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>SSE events this transition produced; the store writes them in the same statement as the row.</summary>
    public List<JobEvent> PendingEvents { get; } = [];

    /// <summary>The attempt number the next RunJob carries.</summary>
    public int NextAttempt => Attempts + 1;

    /// <summary>The highest attempt number this drive may run (attempts are numbered across re-drives).</summary>
    public int AttemptLimit => AttemptsBase + MaxAttempts;

    /// <summary>Whether another attempt may follow the failed attempt <paramref name="failedAttempt"/>.</summary>
    public bool HasAttemptsAfter(int failedAttempt) => AttemptLimit > Math.Max(Attempts, failedAttempt);
}

/// <summary>One row for job_events: its kind (state, progress, end) and JSON data.</summary>
public sealed record JobEvent(string Kind, string Data)
{
    /// <summary>For a <c>state</c> event, the state the job entered (the row's name for it: queued, running, ...).</summary>
    public string? EnteredState { get; init; }
}
