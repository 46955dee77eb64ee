namespace Fleet.Contracts.Jobs;

/// <summary>Queue names shared by every process: one quorum queue per job type, and the control-plane queues.</summary>
public static class JobQueues
{
    /// <summary>The job state machine's queue (Scheduler).</summary>
    public const string JobState = "fleet-job-state";

    /// <summary>The durable message scheduler's queue (Scheduler).</summary>
    public const string Scheduler = "fleet-scheduler";

    /// <summary>
    /// A copy of everything parked in a work queue's <c>_error</c> exchange, read by the Scheduler: a RunJob the broker
    /// dead-lettered is re-dispatched from there instead of leaving its job running forever.
    /// </summary>
    public const string DeadLetters = "fleet-jobs-dead-letters";

    /// <summary>
    /// Where senders address a well-known queue: its exchange, which every process declares bound to the queue at
    /// start (FleetTopology). A <c>queue:</c> address would make MassTransit declare the queue with default arguments,
    /// which RabbitMQ refuses for an existing quorum queue.
    /// </summary>
    public static Uri Address(string queue) => new("exchange:" + queue);

    /// <summary>Every queue FleetTopology declares: the control plane's and one per job type.</summary>
    public static IEnumerable<string> WellKnown => WorkQueues.Append(JobState).Append(Scheduler);

    /// <summary>The queues RunJob travels on: per job type, one for each priority class.</summary>
    public static IEnumerable<string> WorkQueues => JobTypes.All.SelectMany(t => new[] { ForType(t), ForType(t, HighPriority) });

    /// <summary>
    /// The lowest priority (0–9) of the high class. Quorum queues on RabbitMQ 3.10 have no message priorities, so each
    /// class has a queue of its own and workers consume both with separate concurrency: a high job never waits behind a
    /// backlog of normal ones.
    /// </summary>
    public const int HighPriority = 5;

    /// <summary>The queue of one job type and priority, e.g. <c>fleet-jobs-llm-generate-high</c> for priority 5–9.</summary>
    public static string ForType(string jobType, int priority) => priority >= HighPriority ? ForType(jobType) + "-high" : ForType(jobType);

    /// <summary>The queue of one job type, e.g. <c>fleet-jobs-llm-generate</c> for <c>llm.generate</c>.</summary>
    public static string ForType(string jobType) => "fleet-jobs-" + jobType.Replace('.', '-');
}
