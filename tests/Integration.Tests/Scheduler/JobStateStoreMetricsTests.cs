extern alias scheduler;

using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults.Metrics;
using Npgsql;
using Prometheus;
using scheduler::Fleet.Scheduler.Jobs;

namespace Fleet.Integration.Tests.Scheduler;

/// <summary>
/// A version conflict makes MassTransit run the state machine's behaviour again on a fresh load: the job metrics must
/// count the transition of the run whose UPDATE was saved, never the one that lost.
/// </summary>
public sealed class JobStateStoreMetricsTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task A_transition_whose_update_loses_a_version_conflict_counts_nothing_and_its_retry_counts_once()
    {
        // A type of its own, so no other job in this process moves the series read here.
        var type = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var jobId = Guid.CreateVersion7();
        var created = DateTimeOffset.UtcNow;
        await Fleet.Database.ExecuteAsync(
            "INSERT INTO jobs (id, tenant_id, type, state, input, max_attempts, created_at, updated_at) VALUES ($1, 'default', $2, 'queued', '{}', 1, $3, $3)",
            [jobId, type, created], Cancellation);
        var store = new JobStateStore(new JobMetrics());
        await using var connection = await Fleet.Database.DataSource.OpenConnectionAsync(Cancellation);

        var stale = await SucceedAsync(store, connection, jobId, created);
        // Another replica saved the row in between: this update is the loser of a version conflict.
        await Fleet.Database.ExecuteAsync("UPDATE jobs SET version = version + 1 WHERE id = $1", [jobId], Cancellation);
        Assert.False(await UpdateAsync(store, connection, stale));
        Assert.Equal(0, Succeeded(type));
        Assert.Equal(0, Durations(type));

        var retried = await SucceedAsync(store, connection, jobId, created);
        Assert.True(await UpdateAsync(store, connection, retried));

        Assert.Equal(1, Succeeded(type));
        Assert.Equal(1, Durations(type));
    }

    /// <summary>What MassTransit does for JobSucceeded: load the row, run the behaviour (Queued → Succeeded).</summary>
    private static async Task<JobState> SucceedAsync(JobStateStore store, NpgsqlConnection connection, Guid jobId, DateTimeOffset created)
    {
        var job = (await store.LoadAsync(connection, jobId, Cancellation))!;
        JobTransitions.Succeeded(job, new JobSucceeded
        {
            JobId = jobId, Attempt = 1, Result = JsonSerializer.SerializeToElement(new { slept = 0 }),
            StartedAt = created.AddSeconds(1), Timestamp = created.AddSeconds(3), WorkerId = "test",
        });
        job.CurrentState = "Succeeded";
        return job;
    }

    /// <summary>What the Postgres saga repository's Update does: bump the version and save against the loaded one.</summary>
    private static Task<bool> UpdateAsync(JobStateStore store, NpgsqlConnection connection, JobState job)
    {
        var expected = job.Version;
        job.Version = expected + 1;
        return store.UpdateAsync(connection, job, expected, Cancellation);
    }

    private static double Succeeded(string type) =>
        Metrics.CreateCounter("jobs_total", "", "type", "state").WithLabels(type, JobStates.Succeeded).Value;

    private static long Durations(string type) =>
        Metrics.CreateHistogram("job_duration_seconds", "", new HistogramConfiguration { LabelNames = ["type"] }).WithLabels(type).Count;
}
