using System.Collections.Concurrent;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// The counts of every <see cref="CounterIncrementApplied"/> a bus actually published. A delivery that lost a version
/// conflict must have published nothing, so across all processes each count appears exactly once.
/// </summary>
public sealed class PublishedIncrements : IPublishObserver
{
    private readonly ConcurrentQueue<int> _counts = new();

    public IReadOnlyCollection<int> Counts => _counts;

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        if (context.Message is CounterIncrementApplied applied)
        {
            _counts.Enqueue(applied.Count);
        }
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
