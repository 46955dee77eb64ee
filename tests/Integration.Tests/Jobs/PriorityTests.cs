using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

/// <summary>Priority 5–9 travels on a queue of its own, consumed beside the normal one: it never waits behind a backlog.</summary>
public sealed class PriorityTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task A_high_priority_job_finishes_while_a_backlog_of_normal_jobs_still_waits()
    {
        // Both worker processes serve noop: fill every normal slot and leave a backlog queued behind them.
        var slots = 2 * FleetServers.WorkerSlotsPerType;
        var backlog = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, slots + 40).Chunk(8))
        {
            var submitted = await Task.WhenAll(chunk.Select(_ => Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 4000 }), Cancellation)));
            backlog.AddRange(submitted.Select(j => j.Id));
        }

        var urgent = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 0 }) with { Priority = 9 }, Cancellation);
        await Fleet.Jobs.WaitForStateAsync(urgent.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        var stillQueued = await Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE id = ANY($1) AND state = 'queued'", [backlog.ToArray()], Cancellation);
        Assert.True(stillQueued > 0, "The high-priority job finished only after the whole normal backlog had started.");
        // The backlog itself still runs to the end.
        await Fleet.Jobs.WaitForStateAsync(backlog[^1], "succeeded", TimeSpan.FromSeconds(60), Cancellation);
    }
}
