using Fleet.Contracts.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// Tracks every job: scheduled → queued → running → succeeded | failed | cancelled. Lean by design: an immediate job
/// costs the state machine two messages (JobStarted, JobSucceeded) and two statements each; retries, runAt and
/// cancellation add messages only for the jobs that use them. Late or duplicate worker messages for a finished job
/// are ignored, so a completion is recorded once.
/// </summary>
public sealed class JobStateMachine : MassTransitStateMachine<JobState>
{
    public JobStateMachine(IOptions<JobStateOptions> options, TimeProvider clock, Random random)
    {
        var settings = options.Value;
        InstanceState(x => x.CurrentState);

        Event(() => SubmittedForLater, Correlate<SubmitScheduledJob>(m => m.JobId));
        Event(() => AttemptStarted, Correlate<JobStarted>(m => m.JobId));
        Event(() => AttemptProgressed, Correlate<JobProgressed>(m => m.JobId));
        Event(() => AttemptSucceeded, Correlate<JobSucceeded>(m => m.JobId));
        Event(() => AttemptFailed, Correlate<JobFailed>(m => m.JobId));
        Event(() => AttemptCancelled, Correlate<JobCancelled>(m => m.JobId));
        Event(() => AttemptHandedBack, Correlate<JobHandedBack>(m => m.JobId));
        Event(() => CancelRequested, Correlate<CancelJob>(m => m.JobId));
        Event(() => WorkerFaulted, Correlate<Fault<RunJob>>(m => m.Message.JobId));
        Event(() => RetryRequested, Correlate<RetryJob>(m => m.JobId));
        Schedule(() => Due, x => x.ScheduleToken, s =>
        {
            s.Delay = TimeSpan.FromSeconds(1);
            s.Received = r => { r.CorrelateById(m => m.Message.JobId); r.OnMissingInstance(m => m.Discard()); };
        });

        During(Scheduled,
            When(SubmittedForLater)
                .Schedule(Due, ctx => new JobDue { JobId = ctx.Saga.CorrelationId }, ctx => ctx.Message.RunAt.UtcDateTime),
            When(Due.Received)
                .Then(ctx => JobTransitions.Queued(ctx.Saga, clock.GetUtcNow()))
                .Send(ctx => QueueOf(ctx.Saga), ctx => JobTransitions.RunJobFor(ctx.Saga))
                .TransitionTo(Queued));

        During(Queued,
            // The retry back-off elapsed.
            When(Due.Received)
                .Send(ctx => QueueOf(ctx.Saga), ctx => JobTransitions.RunJobFor(ctx.Saga)));

        // The Scheduler's endpoint dispatches concurrently, so a job's JobStarted and first JobProgressed can arrive
        // in either order: progress while queued starts the attempt, and the late JobStarted then adds nothing.
        During(Queued,
            When(AttemptStarted)
                .Then(ctx => JobTransitions.Started(ctx.Saga, ctx.Message))
                .TransitionTo(Running),
            // Only a newer attempt: a late progress of the attempt that just failed must not look like a restart.
            When(AttemptProgressed, ctx => ctx.Message.Attempt > ctx.Saga.Attempts)
                .Then(ctx => JobTransitions.StartedByProgress(ctx.Saga, ctx.Message))
                .Then(ctx => JobTransitions.Progressed(ctx.Saga, ctx.Message))
                .TransitionTo(Running));

        During(Running,
            When(AttemptStarted, ctx => JobTransitions.IsNewStart(ctx.Saga, ctx.Message))
                .Then(ctx => JobTransitions.Started(ctx.Saga, ctx.Message)),
            When(AttemptProgressed, ctx => ctx.Message.Attempt >= ctx.Saga.Attempts)
                .Then(ctx => JobTransitions.Progressed(ctx.Saga, ctx.Message)));

        During(Queued, Running,
            When(AttemptSucceeded)
                .Then(ctx => JobTransitions.Succeeded(ctx.Saga, ctx.Message))
                .TransitionTo(Succeeded),
            // A failure of an attempt older than the newest one started (a late duplicate, or a lost attempt that
            // was already re-dispatched) says nothing about the job now.
            When(AttemptFailed, ctx => ctx.Message.Attempt < ctx.Saga.Attempts),
            When(AttemptFailed, ctx => ctx.Message.Attempt >= ctx.Saga.Attempts && ctx.Message.Retryable && ctx.Saga.HasAttemptsAfter(ctx.Message.Attempt))
                .Then(ctx => JobTransitions.WillRetry(ctx.Saga, ctx.Message))
                .Schedule(Due, ctx => new JobDue { JobId = ctx.Saga.CorrelationId }, ctx => settings.RetryDelay(ctx.Message.Attempt, random))
                .TransitionTo(Queued),
            When(AttemptFailed, ctx => ctx.Message.Attempt >= ctx.Saga.Attempts && (!ctx.Message.Retryable || !ctx.Saga.HasAttemptsAfter(ctx.Message.Attempt)))
                .Then(ctx => JobTransitions.Failed(ctx.Saga, ctx.Message))
                .TransitionTo(Failed),
            // A worker fault the job runtime did not turn into JobFailed (e.g. the database stayed unreachable):
            // counted as a failed attempt, so the job is retried or fails instead of waiting forever.
            When(WorkerFaulted, ctx => ctx.Saga.HasAttemptsAfter(ctx.Message.Message.Attempt))
                .Then(ctx => JobTransitions.WillRetry(ctx.Saga, JobTransitions.FailedFrom(ctx.Message)))
                .Schedule(Due, ctx => new JobDue { JobId = ctx.Saga.CorrelationId }, ctx => settings.RetryDelay(ctx.Message.Message.Attempt, random))
                .TransitionTo(Queued),
            When(WorkerFaulted, ctx => !ctx.Saga.HasAttemptsAfter(ctx.Message.Message.Attempt))
                .Then(ctx => JobTransitions.Failed(ctx.Saga, JobTransitions.FailedFrom(ctx.Message)))
                .TransitionTo(Failed),
            When(AttemptCancelled)
                .Then(ctx => JobTransitions.Cancelled(ctx.Saga, ctx.Message.Timestamp))
                .TransitionTo(Cancelled),
            When(AttemptHandedBack)
                .Then(ctx => JobTransitions.Queued(ctx.Saga, ctx.Message.Timestamp))
                .TransitionTo(Queued));

        During(Scheduled, Queued, Running,
            When(CancelRequested)
                .Unschedule(Due)
                .Then(ctx => JobTransitions.Cancelled(ctx.Saga, ctx.Message.Timestamp))
                // A worker may hold the job's RunJob already; it stops the attempt or skips it on arrival.
                .Publish(ctx => new StopJobRun { JobId = ctx.Saga.CorrelationId, Reason = JobStates.Cancelled })
                .TransitionTo(Cancelled));

        During(Failed, Cancelled,
            When(RetryRequested)
                .Then(ctx => JobTransitions.Redriven(ctx.Saga, ctx.Message.Timestamp))
                .Send(ctx => QueueOf(ctx.Saga), ctx => JobTransitions.RunJobFor(ctx.Saga))
                .TransitionTo(Queued));

        During(Succeeded, Failed, Cancelled,
            Ignore(AttemptStarted), Ignore(AttemptProgressed), Ignore(AttemptSucceeded), Ignore(AttemptFailed), Ignore(AttemptCancelled),
            Ignore(AttemptHandedBack), Ignore(CancelRequested), Ignore(Due.Received), Ignore(SubmittedForLater), Ignore(WorkerFaulted));
        During(Succeeded, Ignore(RetryRequested));
        During(Scheduled, Queued, Running, Ignore(RetryRequested));
        During(Queued, Running, Ignore(SubmittedForLater));
        // A retry back-off that fires after its attempt already started again (redelivery) has nothing to do.
        During(Running, Ignore(Due.Received));
        During(Scheduled, Ignore(WorkerFaulted));
    }

    public State Scheduled { get; private set; } = null!;
    public State Queued { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Succeeded { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<SubmitScheduledJob> SubmittedForLater { get; private set; } = null!;
    public Event<JobStarted> AttemptStarted { get; private set; } = null!;
    public Event<JobProgressed> AttemptProgressed { get; private set; } = null!;
    public Event<JobSucceeded> AttemptSucceeded { get; private set; } = null!;
    public Event<JobFailed> AttemptFailed { get; private set; } = null!;
    public Event<JobCancelled> AttemptCancelled { get; private set; } = null!;
    public Event<JobHandedBack> AttemptHandedBack { get; private set; } = null!;
    public Event<CancelJob> CancelRequested { get; private set; } = null!;
    public Event<Fault<RunJob>> WorkerFaulted { get; private set; } = null!;
    public Event<RetryJob> RetryRequested { get; private set; } = null!;
    public Schedule<JobState, JobDue> Due { get; private set; } = null!;

    private static Uri QueueOf(JobState job) => JobQueues.Address(JobQueues.ForType(job.Type, job.Priority));

    /// <summary>Every job event finds its row by job id; one that finds none (a purged job) is dropped, not faulted.</summary>
    private static Action<IEventCorrelationConfigurator<JobState, T>> Correlate<T>(Func<T, Guid> jobId)
        where T : class =>
        x =>
        {
            x.CorrelateById(m => jobId(m.Message));
            x.OnMissingInstance(m => m.Discard());
        };
}
