using System.ComponentModel.DataAnnotations;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// The PostgreSQL-backed message scheduler that the Scheduler process hosts on <c>fleet-scheduler</c>: how its
/// dispatcher finds due messages and how long cancelled tokens are remembered.
/// </summary>
public sealed class MessageSchedulerOptions
{
    public const string Section = "MessageScheduler";

    /// <summary>
    /// The longest the dispatcher sleeps without looking at the table. It otherwise wakes at the next due time or on
    /// a NOTIFY from an insert, so this bounds the lateness only when notifications are lost (listener reconnecting).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Due messages claimed, sent and deleted per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a cancelled token is remembered, so that its ScheduleMessage arriving after the cancel is dropped.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan CancellationRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>LISTEN for inserts so a message due sooner than the dispatcher's next wake-up is not late.</summary>
    public bool ListenForInserts { get; set; } = true;
}
