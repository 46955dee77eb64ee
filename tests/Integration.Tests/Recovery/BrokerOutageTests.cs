using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Recovery;

public sealed class BrokerOutageTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Submit_while_the_broker_is_down_is_accepted_and_the_job_runs_once_it_is_back()
    {
        await FleetServers.StopBrokerAsync(Cancellation);

        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 10 }), Cancellation);

        Assert.Equal("queued", await Fleet.Database.ScalarAsync<string>("SELECT state FROM jobs WHERE id = $1", [job.Id], Cancellation));
        Assert.Equal(1, await OutboxRowsOfAsync(job.Id));

        // The next test's EnsureFleetUpAsync starts the broker too, should this test fail before here.
        await FleetServers.StartBrokerAsync(Cancellation);

        var succeeded = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(90), Cancellation);
        Assert.Equal(1, succeeded.Attempts);
        JsonAssert.Equal("""{"slept":10}""", succeeded.Result);
        await Poll.UntilAsync(() => OutboxRowsOfAsync(job.Id), rows => rows == 0,
            $"the relay to delete job {job.Id}'s confirmed outbox row", TimeSpan.FromSeconds(15), Cancellation);
    }

    private Task<long> OutboxRowsOfAsync(Guid jobId) =>
        Fleet.Database.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE body->>'jobId' = $1", [jobId.ToString()], Cancellation);
}
