using System.Diagnostics;
using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults;
using Fleet.ServiceDefaults.Tracing;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Runs one attempt of a job with the handler of its type, and tells the job state machine how it went. The message
/// stays unacknowledged while the job runs, so a worker killed mid-job has it redelivered to another worker.
/// On the last attempt a failure is rethrown so the message lands in the type's error queue.
/// </summary>
public sealed class RunJobConsumer(
    IEnumerable<IJobHandler> handlers,
    IJobGate gate,
    IJobEventSink events,
    FleetConcurrencyLimiter limiter,
    RunningJobs runningJobs,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<RunJobConsumer> logger) : IConsumer<RunJob>
{
    public async Task Consume(ConsumeContext<RunJob> context)
    {
        var job = context.Message;
        using var _ = logger.BeginJobScope(job.JobId, job.Type);
        var handler = handlers.FirstOrDefault(h => h.JobType == job.Type)
            ?? throw new InvalidOperationException($"This worker has no handler for job type {job.Type}.");

        if (runningJobs.WasStopped(job.JobId) || !await gate.ShouldRunAsync(job.JobId, job.Attempt, context.CancellationToken))
        {
            logger.LogInformation("Skipping attempt {Attempt}: the job was cancelled, has finished or runs a later attempt", job.Attempt);
            return;
        }

        using var stop = new CancellationTokenSource();
        runningJobs.Add(job.JobId, stop);
        try
        {
            IAsyncDisposable slot;
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stop.Token))
            {
                try
                {
                    // Still queued while it waits: a drain returns the delivery unacknowledged, a cancel just ends it.
                    slot = await limiter.AcquireAsync(job.Type, waiting.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    logger.LogInformation("Attempt {Attempt} cancelled while waiting for a fleet-wide slot", job.Attempt);
                    return;
                }
            }
            await using (slot)
            {
                await RunAttemptAsync(context, handler, stop);
            }
        }
        finally
        {
            runningJobs.Remove(job.JobId);
        }
    }

    private async Task RunAttemptAsync(ConsumeContext<RunJob> context, IJobHandler handler, CancellationTokenSource stop)
    {
        var job = context.Message;
        // A child of MassTransit's consume span: the handler's work (and its log lines) in the job's trace.
        using var activity = FleetActivitySource.Source.StartActivity("job run");
        activity?.SetTag("fleet.job.id", job.JobId.ToString());
        activity?.SetTag("fleet.job.type", job.Type);
        activity?.SetTag("fleet.job.attempt", job.Attempt);
        var start = new StartReport(context, options.Value.Id, clock.GetUtcNow());
        using var timeout = job.TimeoutSeconds is { } seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), clock) : new CancellationTokenSource();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stop.Token, timeout.Token);
        try
        {
            var run = handler.RunAsync(new JobExecution(job, context, start, events, clock), attempt.Token);
            await start.SendIfStillRunningAfterAsync(run, TimeSpan.FromMilliseconds(options.Value.StartedReportDelayMs), clock, attempt.Token);
            var result = await run;
            await context.Publish(new JobSucceeded
            {
                JobId = job.JobId, Attempt = job.Attempt, Result = result, Timestamp = clock.GetUtcNow(),
                StartedAt = start.StartedAt, WorkerId = start.WorkerId,
            });
            logger.LogInformation("Attempt {Attempt} succeeded", job.Attempt);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await context.Publish(new JobCancelled { JobId = job.JobId, Attempt = job.Attempt, Timestamp = clock.GetUtcNow() });
            logger.LogInformation("Attempt {Attempt} cancelled", job.Attempt);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await PublishFailedAsync(context, start, JobErrorCodes.Timeout, $"The job ran longer than its timeout of {job.TimeoutSeconds} s.", retryable: false);
            logger.LogWarning("Attempt {Attempt} timed out after {TimeoutSeconds} s", job.Attempt, job.TimeoutSeconds);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            await ReportHandBackAsync(context);
            // Not acknowledged: the broker requeues the delivery for another worker. Re-sending it as well ran the
            // job twice (seen in WorkerDrainTests).
            throw;
        }
        catch (JobInputException ex)
        {
            await PublishFailedAsync(context, start, JobErrorCodes.InvalidInput, ex.Message, retryable: false);
            logger.LogWarning("Attempt {Attempt} rejected its input: {Reason}", job.Attempt, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await PublishFailedAsync(context, start, "error", $"{ex.GetType().Name}: {ex.Message}", retryable: true);
            if (job.Attempt >= job.MaxAttempts)
            {
                logger.LogError(ex, "Attempt {Attempt} of {MaxAttempts} failed; no attempts left", job.Attempt, job.MaxAttempts);
                // Wrapped so the endpoint's retry of transient infrastructure errors never re-runs a finished attempt.
                throw new JobAttemptsExhaustedException(job.JobId, ex);
            }
            logger.LogWarning(ex, "Attempt {Attempt} of {MaxAttempts} failed; it will be retried", job.Attempt, job.MaxAttempts);
        }
    }

    /// <summary>
    /// The worker is draining and the attempt did not finish within the consumer stop timeout: tell the state machine
    /// the job is queued again. The attempt is not charged; its RunJob goes back to the queue unacknowledged.
    /// </summary>
    private async Task ReportHandBackAsync(ConsumeContext<RunJob> context)
    {
        var job = context.Message;
        await context.Publish(new JobHandedBack { JobId = job.JobId, Attempt = job.Attempt, WorkerId = options.Value.Id, Timestamp = clock.GetUtcNow() }, CancellationToken.None);
        logger.LogWarning("Attempt {Attempt} handed back: the worker is stopping", job.Attempt);
    }

    private Task PublishFailedAsync(ConsumeContext<RunJob> context, StartReport start, string code, string message, bool retryable)
    {
        Activity.Current?.SetStatus(ActivityStatusCode.Error, code);
        return context.Publish(new JobFailed
        {
            JobId = context.Message.JobId,
            Attempt = context.Message.Attempt,
            ErrorCode = code,
            ErrorMessage = message,
            Retryable = retryable,
            Timestamp = clock.GetUtcNow(),
            StartedAt = start.StartedAt,
            WorkerId = start.WorkerId,
        }, CancellationToken.None);
    }
}
