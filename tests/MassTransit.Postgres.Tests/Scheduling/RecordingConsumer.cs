using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>The destination of scheduled messages: records what arrived, with its ids and headers.</summary>
public sealed class RecordingConsumer<T>(DeliveryRecorder recorder, TimeProvider timeProvider) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        recorder.Record(context, timeProvider.GetUtcNow());
        return Task.CompletedTask;
    }
}
