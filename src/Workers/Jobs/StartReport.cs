using Fleet.Contracts.Jobs;
using MassTransit;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Reports an attempt's start at most once: when it has run for the started-report delay, or earlier when it
/// reports progress. An attempt that ends before either carries its start in its outcome message.
/// </summary>
public sealed class StartReport(ConsumeContext<RunJob> context, string workerId, DateTimeOffset startedAt)
{
    // Every caller awaits the one publish: a progress report must not overtake the JobStarted still in flight.
    private readonly Lazy<Task> report = new(() => context.Publish(
        new JobStarted { JobId = context.Message.JobId, Attempt = context.Message.Attempt, WorkerId = workerId, Timestamp = startedAt },
        CancellationToken.None));

    public DateTimeOffset StartedAt => startedAt;

    public string WorkerId => workerId;

    public Task EnsureSentAsync(CancellationToken cancellationToken) => report.Value.WaitAsync(cancellationToken);

    /// <summary>Waits for the attempt or the delay; if the attempt is still running then, reports its start.</summary>
    public async Task SendIfStillRunningAfterAsync(Task attempt, TimeSpan delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var elapsed = Task.Delay(delay, clock, timer.Token);
            if (await Task.WhenAny(attempt, elapsed) == attempt || elapsed.IsCanceled)
            {
                // Finished, failed or cancelled within the delay: its outcome carries the start.
                await timer.CancelAsync();
                return;
            }
        }
        await EnsureSentAsync(cancellationToken);
    }
}
