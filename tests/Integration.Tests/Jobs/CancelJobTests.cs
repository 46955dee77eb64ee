using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class CancelJobTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly string NoopQueue = JobQueues.ForType("noop");

    [Fact]
    public async Task Cancel_queued_job_whose_command_waits_in_the_queue_means_it_never_runs()
    {
        foreach (var worker in Fleet.Workers)
        {
            await worker.KillAsync();
        }
        // Were it run, it would hold its RunJob unacknowledged for 30 s, and the queue would not empty below.
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 30_000 }), Cancellation);
        await Poll.UntilAsync(() => QueueDepth.ReadAsync(Fleet.VirtualHost, NoopQueue, Cancellation), d => d.Ready >= 1,
            $"job {job.Id}'s RunJob to wait in {NoopQueue}", TimeSpan.FromSeconds(15), Cancellation);

        using var cancel = await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "cancelled", TimeSpan.FromSeconds(15), Cancellation);

        // Workers come back and take the waiting RunJob: they must drop it, not run it.
        await Task.WhenAll(Fleet.StartAsync(FleetRole.WorkerLlm, Cancellation), Fleet.StartAsync(FleetRole.WorkerRl, Cancellation));
        await Fleet.WaitUntilQueueEmptyAsync(NoopQueue, TimeSpan.FromSeconds(15), Cancellation);
        var after = await Fleet.Jobs.GetAsync(job.Id, Cancellation);
        Assert.Equal("cancelled", after.State);
        Assert.Null(after.StartedAt);
        Assert.Equal(0, after.Attempts);
        Assert.Equal(0, await Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND data->>'state' = 'running'", [job.Id], Cancellation));
    }

    [Fact]
    public async Task Cancel_scheduled_job_means_it_never_runs_when_its_time_comes()
    {
        var runAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1 }) with { RunAt = runAt }, Cancellation);
        Assert.Equal("scheduled", job.State);
        // A job due just after the cancelled one: once it has run, the cancelled one's time has come and gone.
        var witness = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1 }) with { RunAt = runAt.AddMilliseconds(100) }, Cancellation);

        using var cancel = await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "cancelled", TimeSpan.FromSeconds(15), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(witness.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        var after = await Fleet.Jobs.GetAsync(job.Id, Cancellation);
        Assert.Equal("cancelled", after.State);
        Assert.Null(after.StartedAt);
        Assert.Equal(0, after.Attempts);
    }

    [Fact]
    public async Task Cancel_running_job_stops_the_attempt_and_it_never_succeeds()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 30_000 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "running", TimeSpan.FromSeconds(15), Cancellation);

        using var cancel = await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var cancelled = await Fleet.Jobs.WaitForStateAsync(job.Id, "cancelled", TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Equal(JsonValueKind.Null, cancelled.Result.ValueKind);
        // The worker let go of the attempt (acknowledged its RunJob) long before the 30 s sleep would have ended.
        await Fleet.WaitUntilQueueEmptyAsync(NoopQueue, TimeSpan.FromSeconds(10), Cancellation);
        var after = await Fleet.Jobs.GetAsync(job.Id, Cancellation);
        Assert.Equal("cancelled", after.State);
        Assert.Equal(cancelled.FinishedAt, after.FinishedAt);
    }

    [Fact]
    public async Task Cancel_finished_job_returns_409()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1 }), Cancellation);
        var succeeded = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        using var cancel = await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);

        var problem = await ProblemAssert.ReadAsync(cancel, HttpStatusCode.Conflict, Cancellation);
        Assert.Equal("https://fleet.dev/problems/job-state-conflict", problem.GetProperty("type").GetString());
        var after = await Fleet.Jobs.GetAsync(job.Id, Cancellation);
        Assert.Equal("succeeded", after.State);
        Assert.Equal(succeeded.FinishedAt, after.FinishedAt);
    }
}
