using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Workers.Jobs;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Fleet.Workers.Tests.Jobs;

public sealed class RunJobConsumerTests : IAsyncLifetime
{
    private readonly IJobGate gate = Substitute.For<IJobGate>();
    private readonly ScriptedHandler handler = new();
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async ValueTask InitializeAsync()
    {
        gate.ShouldRunAsync(Arg.Any<Guid>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(true);
        provider = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<RunningJobs>()
            .AddSingleton(gate)
            .AddSingleton(Substitute.For<IJobEventSink>())
            // No fleet-wide limits here, so the limiter never opens a connection.
            .AddSingleton(Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1"))
            .AddSingleton(new Random(1))
            .AddSingleton<FleetConcurrencyLimiter>()
            .AddSingleton<IJobHandler>(handler)
            .AddOptions()
            .Configure<WorkerOptions>(o =>
            {
                o.Id = "test-worker";
                o.StartedReportDelayMs = 100;
            })
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<RunJobConsumer>();
                x.AddConsumer<StopJobRunConsumer>();
            })
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task A_short_attempt_reports_its_start_inside_its_result_and_sends_no_separate_started()
    {
        var job = RunJob(attempt: 1, maxAttempts: 3);
        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<JobSucceeded>(
            x => x.Context.Message.JobId == job.JobId && x.Context.Message.Result.GetProperty("ok").GetBoolean()
                && x.Context.Message.WorkerId == "test-worker" && x.Context.Message.StartedAt != null,
            TestContext.Current.CancellationToken));
        Assert.False(await harness.Published.Any<JobStarted>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_longer_attempt_reports_started_before_it_succeeds()
    {
        handler.Behaviour = ct => Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        var job = RunJob(attempt: 1, maxAttempts: 3);
        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<JobSucceeded>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        var started = harness.Published.Select<JobStarted>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken).Single();
        var succeeded = harness.Published.Select<JobSucceeded>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken).Single();
        Assert.Equal("test-worker", started.Context.Message.WorkerId);
        Assert.True(started.Context.SentTime <= succeeded.Context.SentTime);
    }

    [Fact]
    public async Task A_cancelled_or_finished_job_is_skipped_without_starting()
    {
        var job = RunJob(attempt: 1, maxAttempts: 3);
        gate.ShouldRunAsync(job.JobId, Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(false);

        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Consumed.Any<RunJob>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        await harness.InactivityTask;
        Assert.False(await harness.Published.Any<JobStarted>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        Assert.Equal(0, handler.Runs);
    }

    [Fact]
    public async Task A_failure_with_attempts_left_is_reported_retryable_and_acknowledged()
    {
        handler.Behaviour = _ => throw new InvalidOperationException("boom");
        var job = RunJob(attempt: 1, maxAttempts: 3);

        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<JobFailed>(x => x.Context.Message.JobId == job.JobId && x.Context.Message.Retryable && x.Context.Message.ErrorMessage.Contains("boom"), TestContext.Current.CancellationToken));
        Assert.False(await harness.Published.Any<Fault<RunJob>>(x => x.Context.Message.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_last_failed_attempt_faults_so_its_message_reaches_the_error_queue()
    {
        handler.Behaviour = _ => throw new InvalidOperationException("boom");
        var job = RunJob(attempt: 3, maxAttempts: 3);

        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<JobFailed>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        Assert.True(await harness.Published.Any<Fault<RunJob>>(x => x.Context.Message.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_attempt_past_its_timeout_fails_with_code_timeout_and_is_not_retried()
    {
        handler.Behaviour = ct => Task.Delay(Timeout.Infinite, ct);
        var job = RunJob(attempt: 1, maxAttempts: 3) with { TimeoutSeconds = 1 };

        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<JobFailed>(x => x.Context.Message.JobId == job.JobId && x.Context.Message.ErrorCode == JobErrorCodes.Timeout && !x.Context.Message.Retryable, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_stop_request_cancels_the_running_attempt_and_reports_it_cancelled()
    {
        handler.Behaviour = ct => Task.Delay(Timeout.Infinite, ct);
        var job = RunJob(attempt: 1, maxAttempts: 3);
        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);
        Assert.True(await harness.Published.Any<JobStarted>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));

        await harness.Bus.Publish(new StopJobRun { JobId = job.JobId, Reason = JobStates.Cancelled }, TestContext.Current.CancellationToken);

        Assert.True(await harness.Published.Any<JobCancelled>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        Assert.False(await harness.Published.Any<JobSucceeded>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_job_stopped_before_its_message_arrives_never_starts()
    {
        var job = RunJob(attempt: 1, maxAttempts: 3);
        await harness.Bus.Publish(new StopJobRun { JobId = job.JobId, Reason = JobStates.Cancelled }, TestContext.Current.CancellationToken);
        Assert.True(await harness.Consumed.Any<StopJobRun>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));

        await harness.Bus.Publish(job, TestContext.Current.CancellationToken);

        Assert.True(await harness.Consumed.Any<RunJob>(x => x.Context.Message.JobId == job.JobId, TestContext.Current.CancellationToken));
        await harness.InactivityTask;
        Assert.Equal(0, handler.Runs);
    }

    private static RunJob RunJob(int attempt, int maxAttempts) => new()
    {
        JobId = Guid.CreateVersion7(),
        TenantId = "t1",
        Type = ScriptedHandler.Type,
        Input = JsonSerializer.SerializeToElement(new { }),
        Attempt = attempt,
        MaxAttempts = maxAttempts,
    };

    private sealed class ScriptedHandler : IJobHandler
    {
        public const string Type = "scripted";
        private int runs;

        public Func<CancellationToken, Task> Behaviour { get; set; } = _ => Task.CompletedTask;

        public int Runs => runs;

        public string JobType => Type;

        public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            await Behaviour(cancellationToken);
            return JsonSerializer.SerializeToElement(new { ok = true });
        }
    }
}
