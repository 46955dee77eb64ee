using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>
/// Schedules from inside a consumer with <c>context.ScheduleSend</c>, which goes through the bus's
/// <c>UseMessageScheduler</c> (as saga Schedule activities and job consumers do), not through IMessageScheduler.
/// </summary>
public sealed class StartCountdownConsumer(TimeProvider timeProvider) : IConsumer<StartCountdown>
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public Task Consume(ConsumeContext<StartCountdown> context) =>
        context.ScheduleSend(
            SchedulerProcess.CountdownElapsedAddress,
            timeProvider.GetUtcNow().UtcDateTime + Delay,
            new CountdownElapsed { CountdownId = context.Message.CountdownId });
}
