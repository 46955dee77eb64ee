using System.Text.Json;
using Fleet.Contracts.Jobs;

namespace Fleet.Scheduler.Tests.Jobs;

public sealed class JobStateMachineTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Started_then_succeeded_records_the_result_once_and_ignores_a_late_duplicate()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed();

        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobSucceeded { JobId = job.CorrelationId, Attempt = 1, Result = JsonSerializer.SerializeToElement(new { slept = 1 }), Timestamp = Now });
        var done = await fx.WaitForStateAsync(job.CorrelationId, m => m.Succeeded);
        var finishedAt = done.FinishedAt;

        await fx.SendAsync(new JobSucceeded { JobId = job.CorrelationId, Attempt = 1, Result = JsonSerializer.SerializeToElement(new { slept = 999 }), Timestamp = Now.AddSeconds(5) });
        Assert.True(await fx.Harness.Consumed.Any<JobSucceeded>(x => x.Context.Message.Timestamp == Now.AddSeconds(5), TestContext.Current.CancellationToken));
        await fx.Harness.InactivityTask;

        Assert.Equal(1, JsonDocument.Parse(done.ResultJson!).RootElement.GetProperty("slept").GetInt32());
        Assert.Equal(finishedAt, done.FinishedAt);
        Assert.Equal(1, done.Attempts);
        Assert.Equal("w1", done.WorkerId);
    }

    [Fact]
    public async Task A_short_job_that_reports_only_its_outcome_still_records_start_and_worker()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed();
        var startedAt = Now.AddMilliseconds(-30);

        await fx.SendAsync(new JobSucceeded { JobId = job.CorrelationId, Attempt = 1, Result = JsonSerializer.SerializeToElement(new { slept = 0 }), Timestamp = Now, StartedAt = startedAt, WorkerId = "w9" });

        var done = await fx.WaitForStateAsync(job.CorrelationId, m => m.Succeeded);
        Assert.Equal(startedAt, done.StartedAt);
        Assert.Equal("w9", done.WorkerId);
        Assert.Equal(1, done.Attempts);
    }

    [Fact]
    public async Task A_retryable_failure_with_attempts_left_requeues_and_sends_the_next_attempt_after_back_off()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 3);

        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobFailed { JobId = job.CorrelationId, Attempt = 1, ErrorCode = "error", ErrorMessage = "boom", Retryable = true, Timestamp = Now });

        Assert.True(await fx.Harness.Sent.Any<RunJob>(x => x.Context.Message.JobId == job.CorrelationId && x.Context.Message.Attempt == 2 && x.Context.Message.MaxAttempts == 3, TestContext.Current.CancellationToken));
        var queued = await fx.WaitForStateAsync(job.CorrelationId, m => m.Queued);
        Assert.Equal("error", queued.ErrorCode);
    }

    [Fact]
    public async Task A_retryable_failure_of_the_last_attempt_fails_the_job_with_exhausted_retries()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 2);

        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 2, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobFailed { JobId = job.CorrelationId, Attempt = 2, ErrorCode = "error", ErrorMessage = "boom", Retryable = true, Timestamp = Now });

        var failed = await fx.WaitForStateAsync(job.CorrelationId, m => m.Failed);
        Assert.Equal(JobErrorCodes.ExhaustedRetries, failed.ErrorCode);
        Assert.Contains("boom", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.NotNull(failed.FinishedAt);
    }

    [Fact]
    public async Task A_timeout_fails_the_job_at_once_with_code_timeout()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 5);

        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobFailed { JobId = job.CorrelationId, Attempt = 1, ErrorCode = JobErrorCodes.Timeout, ErrorMessage = "too slow", Retryable = false, Timestamp = Now });

        var failed = await fx.WaitForStateAsync(job.CorrelationId, m => m.Failed);
        Assert.Equal(JobErrorCodes.Timeout, failed.ErrorCode);
        Assert.Equal(1, failed.Attempts);
    }

    [Fact]
    public async Task Cancelling_a_running_job_ends_it_cancelled_and_tells_the_workers_to_stop_it()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed();

        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Running);
        await fx.SendAsync(new CancelJob { JobId = job.CorrelationId, Timestamp = Now });

        await fx.WaitForStateAsync(job.CorrelationId, m => m.Cancelled);
        Assert.True(await fx.Harness.Published.Any<StopJobRun>(x => x.Context.Message.JobId == job.CorrelationId && x.Context.Message.Reason == JobStates.Cancelled, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Retrying_a_failed_job_requeues_it_with_a_fresh_budget_of_attempts()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 1);
        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobFailed { JobId = job.CorrelationId, Attempt = 1, ErrorCode = "error", ErrorMessage = "boom", Retryable = true, Timestamp = Now });
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Failed);

        await fx.SendAsync(new RetryJob { JobId = job.CorrelationId, Timestamp = Now });

        Assert.True(await fx.Harness.Sent.Any<RunJob>(x => x.Context.Message.JobId == job.CorrelationId && x.Context.Message.Attempt == 2 && x.Context.Message.MaxAttempts == 2, TestContext.Current.CancellationToken));
        var queued = await fx.WaitForStateAsync(job.CorrelationId, m => m.Queued);
        Assert.Null(queued.ErrorCode);
        Assert.Null(queued.FinishedAt);
    }

    [Fact]
    public async Task A_scheduled_job_is_queued_and_sent_when_its_run_time_comes()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(state: "Scheduled");

        await fx.SendAsync(new SubmitScheduledJob { JobId = job.CorrelationId, RunAt = DateTimeOffset.UtcNow.AddMilliseconds(200) });

        Assert.True(await fx.Harness.Sent.Any<RunJob>(x => x.Context.Message.JobId == job.CorrelationId && x.Context.Message.Attempt == 1, TestContext.Current.CancellationToken));
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Queued);
    }

    [Fact]
    public async Task Each_transition_records_the_events_the_stream_shows()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed();

        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobProgressed { JobId = job.CorrelationId, Attempt = 1, Percent = 50, Message = "half", Timestamp = Now });
        await fx.SendAsync(new JobSucceeded { JobId = job.CorrelationId, Attempt = 1, Result = JsonSerializer.SerializeToElement(new { slept = 1 }), Timestamp = Now });
        var done = await fx.WaitForStateAsync(job.CorrelationId, m => m.Succeeded);

        // The in-memory repository keeps the pending list (the PostgreSQL store empties it once written).
        Assert.Equal(["state", "progress", "state", "end"], done.PendingEvents.Select(e => e.Kind));
        Assert.Contains("\"succeeded\"", done.PendingEvents[^1].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_fault_before_the_job_ran_counts_as_a_failed_attempt_instead_of_stranding_the_job()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var retried = fx.Seed(maxAttempts: 2);
        var exhausted = fx.Seed(maxAttempts: 1);

        await PublishFaultAsync(fx, retried);
        await PublishFaultAsync(fx, exhausted);

        Assert.True(await fx.Harness.Sent.Any<RunJob>(x => x.Context.Message.JobId == retried.CorrelationId && x.Context.Message.Attempt == 2, TestContext.Current.CancellationToken));
        var failed = await fx.WaitForStateAsync(exhausted.CorrelationId, m => m.Failed);
        Assert.Equal(JobErrorCodes.ExhaustedRetries, failed.ErrorCode);
        Assert.Contains("worker_error", failed.ErrorMessage, StringComparison.Ordinal);
    }

    private static Task PublishFaultAsync(JobStateMachineHarness fx, Fleet.Scheduler.Jobs.JobState job) =>
        fx.Harness.Bus.Publish<global::MassTransit.Fault<RunJob>>(new
        {
            Message = new RunJob { JobId = job.CorrelationId, TenantId = job.TenantId, Type = job.Type, Input = job.Input, Attempt = 1, MaxAttempts = job.MaxAttempts },
            Exceptions = new[] { new { ExceptionType = "Npgsql.PostgresException", Message = "53300: sorry, too many clients already" } },
            Timestamp = Now,
            FaultId = Guid.NewGuid(),
        }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Progress_that_overtakes_its_started_message_starts_the_attempt_once()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed();
        var startedAt = Now.AddMilliseconds(-250);

        await fx.SendAsync(new JobProgressed { JobId = job.CorrelationId, Attempt = 1, Percent = 40, Timestamp = Now, StartedAt = startedAt, WorkerId = "w2" });
        var running = await fx.WaitForStateAsync(job.CorrelationId, m => m.Running);
        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w2", Timestamp = startedAt });
        Assert.True(await fx.Harness.Consumed.Any<JobStarted>(x => x.Context.Message.JobId == job.CorrelationId, TestContext.Current.CancellationToken));
        await fx.Harness.InactivityTask;

        Assert.Equal("w2", running.WorkerId);
        Assert.Equal(startedAt, running.StartedAt);
        Assert.Equal(40, running.ProgressPercent);
        Assert.Equal(["state", "progress"], running.PendingEvents.Select(e => e.Kind));
        Assert.Contains("\"running\"", running.PendingEvents[0].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_progress_of_the_failed_attempt_leaves_the_retry_queued()
    {
        await using var fx = await JobStateMachineHarness.StartAsync();
        var job = fx.Seed(maxAttempts: 3);
        await fx.SendAsync(new JobStarted { JobId = job.CorrelationId, Attempt = 1, WorkerId = "w1", Timestamp = Now });
        await fx.SendAsync(new JobFailed { JobId = job.CorrelationId, Attempt = 1, ErrorCode = "error", ErrorMessage = "boom", Retryable = true, Timestamp = Now });
        await fx.WaitForStateAsync(job.CorrelationId, m => m.Queued);

        await fx.SendAsync(new JobProgressed { JobId = job.CorrelationId, Attempt = 1, Percent = 90, Timestamp = Now, WorkerId = "w1" });
        Assert.True(await fx.Harness.Consumed.Any<JobProgressed>(x => x.Context.Message.Percent == 90, TestContext.Current.CancellationToken));
        await fx.Harness.InactivityTask;

        Assert.Equal("Queued", fx.Saga.Sagas.Contains(job.CorrelationId)!.CurrentState);
        Assert.False(await fx.Harness.Published.Any<global::MassTransit.Fault<JobProgressed>>(TestContext.Current.CancellationToken));
    }
}
