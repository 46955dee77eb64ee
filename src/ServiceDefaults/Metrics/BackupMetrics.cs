using Prometheus;

namespace Fleet.ServiceDefaults.Metrics;

/// <summary>
/// <c>backup_last_success_timestamp_seconds</c>: set by the process that runs backups (the Scheduler's backup job)
/// after a verified backup; the FleetBackupStale alert (compose/monitoring/fleet-alerts.yml) watches it.
/// </summary>
public sealed class BackupMetrics
{
    private readonly Gauge lastSuccess = Prometheus.Metrics.CreateGauge(
        "backup_last_success_timestamp_seconds", "Unix time of the last backup that completed and was verified.");

    public void RecordSuccess(DateTimeOffset finishedAt) => lastSuccess.Set(finishedAt.ToUnixTimeMilliseconds() / 1000.0);
}
