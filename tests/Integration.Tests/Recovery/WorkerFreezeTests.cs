using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Recovery;

/// <summary>
/// A worker whose machine vanished: no process exit, no TCP reset, just silence. Two things notice: the broker, through
/// missed AMQP heartbeats (RabbitMq:HeartbeatSeconds, 10 s), requeues the attempt for another worker; the Scheduler's
/// watchdog, through the job's missing heartbeats (JobState:LostAfterSeconds, 10 s in this fleet), re-dispatches it as
/// the next attempt. Whichever comes first runs it; the fence skips the other.
/// </summary>
public sealed class WorkerFreezeTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task A_job_on_a_frozen_worker_is_redelivered_after_missed_heartbeats_and_finishes_elsewhere()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 3000, progressSteps = 1 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "running", TimeSpan.FromSeconds(15), Cancellation);
        var victimName = await WorkerIdAsync(job.Id);
        var victim = Fleet.Workers.Single(w => w.Name == victimName);
        var survivor = Fleet.Workers.Single(w => w != victim);

        await victim.FreezeAsync(Cancellation);

        var done = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(60), Cancellation);
        Assert.Equal(survivor.Name, await WorkerIdAsync(job.Id));
        Assert.InRange(done.Attempts, 1, 2);

        await victim.KillAsync();
        await Fleet.StartAsync(victim.Role, Cancellation);
    }

    private Task<string> WorkerIdAsync(Guid jobId) =>
        Fleet.Database.ScalarAsync<string>("SELECT worker_id FROM jobs WHERE id = $1", [jobId], Cancellation);
}
