using System.ComponentModel.DataAnnotations;
using Fleet.Contracts.Jobs;

namespace Fleet.ServiceDefaults.Health;

/// <summary>
/// Which job types must have a worker for the Api to be ready, judged from the RabbitMQ consumer count of each
/// type's queue (polled from the management API; one cheap call per poll, no heartbeat table to write).
/// </summary>
public sealed class WorkerPresenceOptions
{
    public const string Section = "WorkerPresence";

    /// <summary>
    /// Job types that need a live consumer, comma-separated (a list would be appended to the default, not replace
    /// it). Empty for a fleet whose workers scale to zero (KEDA on queue depth): an Api that went unready for want of
    /// a worker would never queue the job that wakes one.
    /// </summary>
    public string RequiredJobTypes { get; set; } = string.Join(',', JobTypes.Noop, JobTypes.LlmGenerate, JobTypes.LlmEmbed, JobTypes.RagAnswer, JobTypes.RlTrain);

    public IReadOnlyList<string> RequiredJobTypeList =>
        RequiredJobTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A queue seen with a consumer this recently still counts: a worker restarting is not an outage.</summary>
    [Range(0, 3600)] public int GraceSeconds { get; set; } = 30;

    /// <summary>How often the management API is read (queue_size, queue_consumers, this check).</summary>
    [Range(1, 300)] public int PollSeconds { get; set; } = 5;
}
