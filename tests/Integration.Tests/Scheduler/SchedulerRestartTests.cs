using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Scheduler;

public sealed class SchedulerRestartTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Scheduled_job_runs_at_its_time_after_the_Scheduler_was_killed_and_replaced()
    {
        var runAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 10 }) with { RunAt = runAt }, Cancellation);
        Assert.Equal("scheduled", job.State);
        // The due message is stored by the durable scheduler, which is all that should survive the process.
        await Poll.UntilAsync(
            () => Fleet.Database.ScalarAsync<long>(
                "SELECT count(*) FROM scheduled_messages m JOIN jobs j ON m.token_id = j.schedule_token WHERE j.id = $1", [job.Id], Cancellation),
            rows => rows == 1,
            $"job {job.Id}'s due message in scheduled_messages\n{Fleet.DescribeProcesses()}",
            TimeSpan.FromSeconds(5),
            Cancellation);

        await Fleet.Scheduler.KillAsync();
        Assert.Equal("scheduled", (await Fleet.Jobs.GetAsync(job.Id, Cancellation)).State);
        await Fleet.StartAsync(FleetRole.Scheduler, Cancellation);

        var succeeded = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);
        Assert.True(succeeded.StartedAt >= runAt, $"started at {succeeded.StartedAt:O}, before its runAt {runAt:O}");
        Assert.Equal(1, succeeded.Attempts);
    }
}
