using System.Collections.Concurrent;

namespace Fleet.ServiceDefaults.Health;

/// <summary>What the last management-API polls saw: when each queue last had a consumer, and when a poll last worked.</summary>
public sealed class BrokerQueueSnapshot
{
    private readonly ConcurrentDictionary<string, QueueState> queues = new();

    public DateTimeOffset? LastSuccess { get; private set; }

    public void Record(IEnumerable<QueueStats> stats, DateTimeOffset now)
    {
        foreach (var queue in stats)
        {
            queues.AddOrUpdate(
                queue.Name,
                _ => new QueueState(queue.Consumers, queue.Consumers > 0 ? now : null),
                (_, old) => new QueueState(queue.Consumers, queue.Consumers > 0 ? now : old.LastConsumerSeen));
        }
        LastSuccess = now;
    }

    public QueueState? Find(string queue) => queues.TryGetValue(queue, out var state) ? state : null;
}
