using Fleet.Contracts.Jobs;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Recovery;

/// <summary>
/// Jobs that are running but whose attempt exists nowhere any more: no worker heartbeats them and no delivery is left
/// to redeliver. The Scheduler must notice and run them again, never leave them running forever.
/// </summary>
public sealed class LostWorkerTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task A_running_job_without_heartbeats_is_re_dispatched_and_finishes_on_a_live_worker()
    {
        // As a worker leaves it when it vanishes after the broker gave up on its delivery: running, stale heartbeat.
        var jobId = Guid.CreateVersion7();
        await Fleet.Database.ExecuteAsync("""
            INSERT INTO jobs (id, tenant_id, type, state, input, attempts, max_attempts, worker_id, created_at, started_at, updated_at, heartbeat_at)
            VALUES ($1, 'default', 'noop', 'running', '{"sleepMs": 10}', 1, 3, 'vanished-worker',
                    now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour')
            """, [jobId], Cancellation);

        var done = await Fleet.Jobs.WaitForStateAsync(jobId, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        Assert.Equal(2, done.Attempts);
        Assert.NotEqual("vanished-worker", await Fleet.Database.ScalarAsync<string>("SELECT worker_id FROM jobs WHERE id = $1", [jobId], Cancellation));
        Assert.Equal(1L, await Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND kind = 'state' AND data->>'state' = 'queued'", [jobId], Cancellation));
    }

    [Fact]
    public async Task A_delivery_the_broker_dead_lettered_is_re_dispatched_as_the_next_attempt()
    {
        var jobId = Guid.CreateVersion7();
        await Fleet.Database.ExecuteAsync("""
            INSERT INTO jobs (id, tenant_id, type, state, input, attempts, max_attempts, created_at, updated_at)
            VALUES ($1, 'default', 'noop', 'queued', '{"sleepMs": 10}', 0, 3, now(), now())
            """, [jobId], Cancellation);
        await using var bus = await TestBus.StartAsync(Fleet.VirtualHost, Cancellation);

        // What RabbitMQ does with a RunJob returned more often than the quorum queue's delivery limit: it moves it to
        // the dead-letter exchange with x-death headers, and no consumer ever faults it.
        await bus.SendAsync(JobQueues.ForType("noop") + "_error", new RunJob
        {
            JobId = jobId, TenantId = "default", Type = "noop", Input = System.Text.Json.JsonSerializer.SerializeToElement(new { sleepMs = 10 }),
            Attempt = 1, MaxAttempts = 3,
        }, new Dictionary<string, object> { ["x-first-death-reason"] = "delivery_limit", ["x-first-death-queue"] = JobQueues.ForType("noop") }, Cancellation);

        var done = await Fleet.Jobs.WaitForStateAsync(jobId, "succeeded", TimeSpan.FromSeconds(30), Cancellation);
        Assert.Equal(2, done.Attempts);
    }
}
