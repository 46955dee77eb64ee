using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Scheduling;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>
/// Token ids of the ScheduleMessage commands the scheduler endpoint has finished consuming, so a test can tell that
/// a schedule was handled even when handling it rightly stored nothing.
/// </summary>
public sealed class ConsumedSchedules : IConsumeMessageObserver<ScheduleMessage>
{
    private readonly ConcurrentDictionary<Guid, bool> _tokens = new();

    public bool Contains(Guid tokenId) => _tokens.ContainsKey(tokenId);

    public Task PreConsume(ConsumeContext<ScheduleMessage> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<ScheduleMessage> context)
    {
        _tokens[context.Message.CorrelationId] = true;
        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<ScheduleMessage> context, Exception exception) => Task.CompletedTask;
}
