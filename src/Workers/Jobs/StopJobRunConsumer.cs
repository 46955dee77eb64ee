using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Fleet.Workers.Jobs;

/// <summary>Every worker hears every StopJobRun (on its own transient queue); the one running the job cancels it.</summary>
public sealed class StopJobRunConsumer(RunningJobs runningJobs, ILogger<StopJobRunConsumer> logger) : IConsumer<StopJobRun>
{
    public async Task Consume(ConsumeContext<StopJobRun> context)
    {
        using var _ = logger.BeginJobScope(context.Message.JobId);
        await runningJobs.StopAsync(context.Message.JobId);
        logger.LogDebug("Stop requested ({Reason})", context.Message.Reason);
    }
}
