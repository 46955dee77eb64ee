using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Declines recurring schedules: in Fleet, recurring work belongs to Hangfire. The message is acknowledged with a
/// warning rather than faulted, because retrying or dead-lettering it would not make it work either.
/// </summary>
internal sealed class ScheduleRecurringMessageConsumer(ILogger<ScheduleRecurringMessageConsumer> logger)
    : IConsumer<ScheduleRecurringMessage>
{
    public Task Consume(ConsumeContext<ScheduleRecurringMessage> context)
    {
        var schedule = context.Message.Schedule;
        logger.LogWarning(
            "Ignored recurring schedule {ScheduleId}/{ScheduleGroup} ({CronExpression}) for {Destination}: the PostgreSQL message scheduler only sends one-off messages; use a Hangfire recurring job",
            schedule.ScheduleId, schedule.ScheduleGroup, schedule.CronExpression, context.Message.Destination);
        return Task.CompletedTask;
    }
}
