using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Recovery;

/// <summary>
/// Scale-in: a worker asked to stop (SIGTERM) finishes the jobs that end within its drain window and hands the others
/// back to the queue, where another worker runs them; nothing is killed mid-flight or charged an attempt.
/// </summary>
public sealed class WorkerDrainTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task A_draining_worker_finishes_short_jobs_and_hands_long_ones_to_another_worker()
    {
        // The test fleet's drain window (RabbitMq:ConsumerStopTimeoutSeconds) is 3 s.
        var shortJobs = new List<JobSnapshot>();
        var longJobs = new List<JobSnapshot>();
        for (var i = 0; i < 2; i++)
        {
            shortJobs.Add(await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1500, progressSteps = 1 }), Cancellation));
            longJobs.Add(await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 12000, progressSteps = 1 }), Cancellation));
        }
        foreach (var job in longJobs)
        {
            await Fleet.Jobs.WaitForStateAsync(job.Id, "running", TimeSpan.FromSeconds(15), Cancellation);
        }
        var victimName = await WorkerIdAsync(longJobs[0].Id);
        var victim = Fleet.Workers.Single(w => w.Name == victimName);
        var survivor = Fleet.Workers.Single(w => w != victim);
        var onVictim = new HashSet<Guid>();
        foreach (var job in shortJobs.Concat(longJobs))
        {
            if (await WorkerIdAsync(job.Id) == victim.Name)
            {
                onVictim.Add(job.Id);
            }
        }

        var exitCode = await victim.TerminateAsync(TimeSpan.FromSeconds(30), Cancellation);

        Assert.Equal(0, exitCode);
        foreach (var job in shortJobs.Concat(longJobs))
        {
            var done = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(60), Cancellation);
            Assert.Equal(1, done.Attempts);
        }
        foreach (var id in shortJobs.Select(j => j.Id).Where(onVictim.Contains))
        {
            Assert.Equal(victim.Name, await WorkerIdAsync(id));
        }
        foreach (var id in longJobs.Select(j => j.Id).Where(onVictim.Contains))
        {
            Assert.Equal(survivor.Name, await WorkerIdAsync(id));
            Assert.Equal(1L, await StateEventsAsync(id, "queued"));
            // Once on the victim, once on the survivor: a second run on the survivor would report running again.
            Assert.Equal(2L, await StateEventsAsync(id, "running"));
        }

        await Fleet.StartAsync(victim.Role, Cancellation);
    }

    private Task<long> StateEventsAsync(Guid jobId, string state) =>
        Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND kind = 'state' AND data->>'state' = $2", [jobId, state], Cancellation);

    /// <summary>The job's worker, or "" while it is still queued (then it is on no worker, the victim included).</summary>
    private Task<string> WorkerIdAsync(Guid jobId) =>
        Fleet.Database.ScalarAsync<string>("SELECT coalesce(worker_id, '') FROM jobs WHERE id = $1", [jobId], Cancellation);
}
