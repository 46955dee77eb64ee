using System.Net;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Recovery;

public sealed class DatabaseOutageTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task With_PostgreSQL_down_a_submit_is_503_with_Retry_After_and_the_fleet_recovers_when_it_returns()
    {
        var running = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 4000, progressSteps = 1 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(running.Id, "running", TimeSpan.FromSeconds(15), Cancellation);

        await ExternalTool.RunAsync(TestServers.FleetCli, ["infra", "postgres-stop"], Cancellation);
        using var refused = await Fleet.Jobs.PostAsync(JobRequest.Noop(new { sleepMs = 1 }).ToJson(), idempotencyKey: null, Cancellation);
        await ExternalTool.RunAsync(TestServers.FleetCli, ["infra", "postgres-start"], Cancellation);
        // The test's own pooled connections died with the server; later tests must not trip over them.
        Fleet.Database.DataSource.Clear();

        var problem = await ProblemAssert.ReadAsync(refused, HttpStatusCode.ServiceUnavailable, Cancellation);
        Assert.Equal("https://fleet.dev/problems/dependency-unavailable", problem.GetProperty("type").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        // The job that ran through the outage reports its outcome once the database is back.
        await Fleet.Jobs.WaitForStateAsync(running.Id, "succeeded", TimeSpan.FromSeconds(60), Cancellation);
        var after = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(after.Id, "succeeded", TimeSpan.FromSeconds(60), Cancellation);
    }
}
