using System.Collections.Concurrent;
using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// Counts the deliveries one bus has finished, retries included in each, and keeps every fault that got past the
/// endpoint's retry (those would go to the error queue).
/// </summary>
public sealed class DeliveryObserver : IReceiveObserver
{
    private int _finished;

    public int Finished => Volatile.Read(ref _finished);

    public ConcurrentQueue<Exception> Faults { get; } = new();

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref _finished);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        Faults.Enqueue(exception);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Faults.Enqueue(exception);
        Interlocked.Increment(ref _finished);
        return Task.CompletedTask;
    }
}
