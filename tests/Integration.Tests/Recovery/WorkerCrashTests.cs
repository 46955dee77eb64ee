using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Recovery;

public sealed class WorkerCrashTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Jobs_of_a_worker_killed_mid_job_are_redelivered_and_finish_on_another_worker()
    {
        var jobs = new List<JobSnapshot>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 8000 }), Cancellation));
        }
        foreach (var job in jobs)
        {
            await Fleet.Jobs.WaitForStateAsync(job.Id, "running", TimeSpan.FromSeconds(15), Cancellation);
        }
        var ranOn = new Dictionary<Guid, string>();
        foreach (var job in jobs)
        {
            ranOn[job.Id] = await WorkerIdAsync(job.Id);
        }
        var victim = Fleet.Workers.Single(w => w.Name == ranOn[jobs[0].Id]);
        var survivor = Fleet.Workers.Single(w => w != victim);

        await victim.KillAsync();

        foreach (var job in jobs)
        {
            var succeeded = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(45), Cancellation);
            JsonAssert.Equal("""{"slept":8000}""", succeeded.Result);
        }
        foreach (var id in ranOn.Where(r => r.Value == victim.Name).Select(r => r.Key))
        {
            Assert.Equal(survivor.Name, await WorkerIdAsync(id));
        }
        Assert.Equal(0, await Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE id = ANY($1) AND state <> 'succeeded'", [jobs.Select(j => j.Id).ToArray()], Cancellation));

        await Fleet.StartAsync(victim.Role, Cancellation);
    }

    private Task<string> WorkerIdAsync(Guid jobId) =>
        Fleet.Database.ScalarAsync<string>("SELECT worker_id FROM jobs WHERE id = $1", [jobId], Cancellation);
}
