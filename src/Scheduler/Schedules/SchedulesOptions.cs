using System.ComponentModel.DataAnnotations;

namespace Fleet.Scheduler.Schedules;

/// <summary>The recurring schedules Hangfire fires, one per concern, and how the Scheduler's Hangfire server runs.</summary>
public sealed class SchedulesOptions
{
    public const string Section = "Schedules";

    /// <summary><c>ingest.run</c>; off until a cron is set (there is nothing to ingest before sources are configured).</summary>
    public ScheduleOptions Ingestion { get; set; } = new();

    /// <summary><c>backup.run</c>; daily at 03:00 UTC unless configured.</summary>
    public ScheduleOptions Backup { get; set; } = new() { Cron = "0 3 * * *" };

    /// <summary>The tenant that owns scheduled jobs: the bootstrap admin's by default, so operators see them in GET /v1/jobs.</summary>
    [Required] public string Tenant { get; set; } = "default";

    /// <summary>Attempts each scheduled fleet job gets (as maxAttempts on POST /v1/jobs).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 3;

    /// <summary>How often Hangfire looks for due recurring and delayed jobs (its SchedulePollingInterval).</summary>
    [Range(100, 600_000)] public int PollIntervalMs { get; set; } = 15_000;

    /// <summary>Hangfire worker threads; a firing only inserts a row, so a few are plenty.</summary>
    [Range(1, 64)] public int WorkerCount { get; set; } = 2;

    /// <summary>The schedule called <paramref name="name"/> (see <see cref="RecurringSchedule.All"/>).</summary>
    public ScheduleOptions For(string name) => name switch
    {
        RecurringSchedule.IngestionName => Ingestion,
        RecurringSchedule.BackupName => Backup,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such schedule."),
    };
}
