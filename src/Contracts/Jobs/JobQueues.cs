namespace Fleet.Contracts.Jobs;

/// <summary>Queue names shared by every process: one quorum queue per job type, and the control-plane queues.</summary>
public static class JobQueues
{
    /// <summary>The job state machine's queue (Scheduler).</summary>
    public const string JobState = "fleet-job-state";

    /// <summary>The durable message scheduler's queue (Scheduler).</summary>
    public const string Scheduler = "fleet-scheduler";

    /// <summary>
    /// Where senders address a well-known queue: its exchange, which every process declares bound to the queue at
    /// start (FleetTopology). A <c>queue:</c> address would make MassTransit declare the queue with default arguments,
    /// which RabbitMQ refuses for an existing quorum queue.
    /// </summary>
    public static Uri Address(string queue) => new("exchange:" + queue);

    /// <summary>Every queue FleetTopology declares: the control plane's and one per job type.</summary>
    public static IEnumerable<string> WellKnown => JobTypes.All.Select(ForType).Append(JobState).Append(Scheduler);

    /// <summary>The queue of one job type, e.g. <c>fleet-jobs-llm-generate</c> for <c>llm.generate</c>.</summary>
    public static string ForType(string jobType) => "fleet-jobs-" + jobType.Replace('.', '-');
}
