namespace Fleet.Contracts.Jobs;

/// <summary>Queue names shared by every process: one quorum queue per job type, and the control-plane queues.</summary>
public static class JobQueues
{
    /// <summary>The job state machine's queue (Scheduler).</summary>
    public const string JobState = "fleet-job-state";

    /// <summary>The durable message scheduler's queue (Scheduler).</summary>
    public const string Scheduler = "fleet-scheduler";

    /// <summary>The queue of one job type, e.g. <c>fleet-jobs-llm-generate</c> for <c>llm.generate</c>.</summary>
    public static string ForType(string jobType) => "fleet-jobs-" + jobType.Replace('.', '-');
}
