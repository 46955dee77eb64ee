using Prometheus;

namespace Fleet.Scheduler.Backups;

/// <summary>backup_last_success_timestamp_seconds: alert when it falls more than a day behind.</summary>
public sealed class BackupMetrics
{
    private readonly Gauge lastSuccess = Metrics.CreateGauge(
        "backup_last_success_timestamp_seconds", "Unix time of the newest verified backup of the Fleet database.");

    public void Succeeded(DateTimeOffset createdAt)
    {
        if (createdAt.ToUnixTimeMilliseconds() / 1000.0 > lastSuccess.Value)
        {
            lastSuccess.Set(createdAt.ToUnixTimeMilliseconds() / 1000.0);
        }
    }
}
