namespace Fleet.Scheduler.Schedules;

/// <summary>One recurring schedule: when it fires (cron, UTC). Empty or <c>off</c> turns it off.</summary>
public sealed class ScheduleOptions
{
    /// <summary>Five fields (minute precision) or six (seconds first), as Hangfire reads them; UTC.</summary>
    public string? Cron { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Cron) && !string.Equals(Cron.Trim(), "off", StringComparison.OrdinalIgnoreCase);
}
