using Fleet.Contracts.Jobs;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class JobTimeoutTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Job_running_past_its_timeout_fails_with_timeout_and_the_worker_lets_go()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 30_000 }) with { TimeoutSeconds = 1 }, Cancellation);

        var failed = await Fleet.Jobs.WaitForStateAsync(job.Id, "failed", TimeSpan.FromSeconds(15), Cancellation);

        Assert.Equal("timeout", failed.ErrorCode);
        Assert.Equal(1, failed.Attempts);
        Assert.NotNull(failed.StartedAt);
        Assert.NotNull(failed.FinishedAt);
        await Fleet.WaitUntilQueueEmptyAsync(JobQueues.ForType("noop"), TimeSpan.FromSeconds(10), Cancellation);
    }
}
