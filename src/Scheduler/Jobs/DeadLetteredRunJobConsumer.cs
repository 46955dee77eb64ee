using Fleet.Contracts.Jobs;
using MassTransit;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// Reads a copy of everything that lands in a work queue's <c>{queue}_error</c> exchange. A RunJob that RabbitMQ itself
/// dead-lettered (its quorum queue's delivery limit was reached, e.g. a worker SIGKILLed several times while the
/// message sat in its prefetch) was never faulted by a consumer, so the state machine heard nothing and the job would
/// stay running: here it becomes a retryable <c>worker_lost</c> failure of that attempt. Copies MassTransit faulted
/// itself already produced a Fault&lt;RunJob&gt; and are ignored. The original stays parked in <c>{queue}_error</c>.
/// </summary>
public sealed class DeadLetteredRunJobConsumer(TimeProvider clock, ILogger<DeadLetteredRunJobConsumer> logger) : IConsumer<RunJob>
{
    public async Task Consume(ConsumeContext<RunJob> context)
    {
        var headers = context.ReceiveContext.TransportHeaders;
        if (headers.TryGetHeader(MessageHeaders.FaultMessage, out _) || !headers.TryGetHeader("x-first-death-reason", out var reason))
        {
            return;
        }
        var job = context.Message;
        logger.LogWarning("RunJob for job {JobId} attempt {Attempt} was dead-lettered by the broker ({Reason}); re-dispatching",
            job.JobId, job.Attempt, DeathReason(reason));
        await context.Publish(new JobFailed
        {
            JobId = job.JobId,
            Attempt = job.Attempt,
            ErrorCode = JobErrorCodes.WorkerLost,
            ErrorMessage = $"The broker dead-lettered the attempt's delivery ({DeathReason(reason)}): it was returned by workers that stopped.",
            Retryable = true,
            Timestamp = clock.GetUtcNow(),
        });
    }

    private static string DeathReason(object value) => value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : value.ToString() ?? "";
}
