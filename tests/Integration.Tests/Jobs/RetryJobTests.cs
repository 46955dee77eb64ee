using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class RetryJobTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly string NoopErrorQueue = JobQueues.ForType("noop") + "_error";

    [Fact]
    public async Task Job_failing_every_attempt_ends_failed_with_exhausted_retries_and_its_command_in_the_error_queue()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { failTimes = 3 }) with { MaxAttempts = 3 }, Cancellation);

        var failed = await Fleet.Jobs.WaitForStateAsync(job.Id, "failed", TimeSpan.FromSeconds(30), Cancellation);

        Assert.Equal("exhausted_retries", failed.ErrorCode);
        Assert.Equal(3, failed.Attempts);
        Assert.NotNull(failed.FinishedAt);
        await Poll.UntilAsync(
            () => Fleet.Broker.PeekMessagesAsync(Fleet.VirtualHost, NoopErrorQueue, 100, Cancellation),
            bodies => bodies.Any(b => b.Contains(job.Id.ToString(), StringComparison.OrdinalIgnoreCase)),
            $"job {job.Id}'s last RunJob in {NoopErrorQueue}",
            TimeSpan.FromSeconds(15),
            Cancellation,
            bodies => $"{bodies.Count} message(s): {string.Join('\n', bodies)}");
    }

    [Fact]
    public async Task Retry_of_exhausted_job_runs_it_again_with_a_fresh_budget_of_attempts()
    {
        // Fails attempts 1-4: three exhaust the first drive; the re-drive fails once more, then succeeds with attempt 5.
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { failTimes = 4 }) with { MaxAttempts = 3 }, Cancellation);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "failed", TimeSpan.FromSeconds(30), Cancellation);

        using var retry = await Fleet.Jobs.PostActionAsync(job.Id, "retry", Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        // Still "failed" until the state machine takes the re-drive: only a failure after attempt 3 is final.
        var succeeded = await Fleet.Jobs.WaitForAsync(
            job.Id, j => j.State == "succeeded", "state 'succeeded' after the re-drive", TimeSpan.FromSeconds(30), Cancellation,
            hopeless: j => j.State is "failed" or "cancelled" && j.Attempts > 3);
        Assert.Equal(5, succeeded.Attempts);
        JsonAssert.Equal("""{"slept":0}""", succeeded.Result);
        Assert.Null(succeeded.ErrorCode);
    }

    [Fact]
    public async Task Retry_of_succeeded_job_returns_409()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1 }), Cancellation);
        var succeeded = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        using var retry = await Fleet.Jobs.PostActionAsync(job.Id, "retry", Cancellation);

        var problem = await ProblemAssert.ReadAsync(retry, HttpStatusCode.Conflict, Cancellation);
        Assert.Equal("https://fleet.dev/problems/job-state-conflict", problem.GetProperty("type").GetString());
        var after = await Fleet.Jobs.GetAsync(job.Id, Cancellation);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(succeeded.FinishedAt, after.FinishedAt);
    }
}
