using Prometheus;

namespace Fleet.ServiceDefaults.Metrics;

/// <summary>
/// <c>jobs_total{type,state}</c> and <c>job_duration_seconds{type}</c>, which the dashboard and the FleetFailedJobsRising
/// alert (compose/monitoring/) query. A job enters its first state (queued, or scheduled for a later runAt) where its
/// row is inserted (the Api, or the Scheduler's recurring schedules); every later state is counted by the job state
/// machine once the row that records it is saved.
/// </summary>
public sealed class JobMetrics
{
    private readonly Counter transitions = Prometheus.Metrics.CreateCounter(
        "jobs_total",
        "Jobs that entered a state (scheduled, queued, running, succeeded, failed, cancelled), by job type. A retry counts queued and running again.",
        "type", "state");

    private readonly Histogram duration = Prometheus.Metrics.CreateHistogram(
        "job_duration_seconds",
        "Seconds from a job's first start to its end (succeeded, failed or cancelled), retries and their back-off included; jobs that never started are not observed.",
        // 10 ms to about 4.4 hours: no-op jobs at one end, RL training at the other.
        new HistogramConfiguration { LabelNames = ["type"], Buckets = Histogram.ExponentialBuckets(0.01, 3, 14) });

    public void Entered(string type, string state) => transitions.WithLabels(type, state).Inc();

    public void Finished(string type, TimeSpan sinceFirstStart) => duration.WithLabels(type).Observe(Math.Max(0, sinceFirstStart.TotalSeconds));
}
