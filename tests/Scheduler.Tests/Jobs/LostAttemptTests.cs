using Fleet.Contracts.Jobs;

namespace Fleet.Scheduler.Tests.Jobs;

/// <summary>A lost attempt is re-dispatched once; what the lost attempt says afterwards changes nothing.</summary>
public sealed class LostAttemptTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_worker_lost_failure_requeues_the_job_and_sends_the_next_attempt()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 3);
        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Running);

        await fx.SendAsync(Lost(job.CorrelationId, attempt: 1));

        Assert.True(await fx.Harness.Sent.Any<RunJob>(x => x.Context.Message.JobId == job.CorrelationId && x.Context.Message.Attempt == 2, TestContext.Current.CancellationToken));
        var queued = await fx.WaitForStateAsync(job.CorrelationId, m => m.Queued);
        Assert.Equal(JobErrorCodes.WorkerLost, queued.ErrorCode);
    }

    [Fact]
    public async Task A_late_failure_of_an_older_attempt_leaves_the_running_attempt_alone()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 3);
        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(Lost(job.CorrelationId, attempt: 1));
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Queued);
        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 2, WorkerId = "w2", Timestamp = Now.AddSeconds(1) });
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Running);

        // A second Scheduler's watchdog, or the lost worker itself coming back, reports attempt 1 again.
        await fx.SendAsync(Lost(job.CorrelationId, attempt: 1, at: Now.AddSeconds(9)));
        Assert.True(await fx.Harness.Consumed.Any<JobFailed>(x => x.Context.Message.Attempt == 1 && x.Context.Message.Timestamp == Now.AddSeconds(9), TestContext.Current.CancellationToken));
        await fx.Harness.InactivityTask;

        var saga = fx.Saga.Sagas.Contains(job.CorrelationId)!;
        Assert.Equal("Running", saga.CurrentState);
        Assert.Equal(2, saga.Attempts);
        Assert.Equal("w2", saga.WorkerId);
        Assert.False(await fx.Harness.Sent.Any<RunJob>(x => x.Context.Message.JobId == job.CorrelationId && x.Context.Message.Attempt == 3, TestContext.Current.CancellationToken));
    }

    private static JobFailed Lost(Guid jobId, int attempt, DateTimeOffset? at = null) => new()
    {
        JobId = jobId,
        Attempt = attempt,
        ErrorCode = JobErrorCodes.WorkerLost,
        ErrorMessage = "no heartbeat",
        Retryable = true,
        Timestamp = at ?? Now,
    };
}
