using System.Collections.Concurrent;
using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>Every message the test consumers received, shared by all processes of one test.</summary>
public sealed class DeliveryRecorder
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public IReadOnlyList<Delivery> All => [.. _deliveries];

    public void Record<T>(ConsumeContext<T> context, DateTimeOffset receivedAt)
        where T : class =>
        _deliveries.Enqueue(new Delivery(
            context.Message,
            context.MessageId,
            context.CorrelationId,
            context.ConversationId,
            context.InitiatorId,
            context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value),
            receivedAt));

    public IReadOnlyList<Delivery> Of<T>(Func<T, bool> match) =>
        [.. _deliveries.Where(d => d.Message is T message && match(message))];

    /// <summary>Waits until at least one delivery matches and returns the first.</summary>
    public async Task<Delivery> WaitForAsync<T>(Func<T, bool> match, string waitingFor, CancellationToken cancellationToken)
    {
        var deliveries = await Sagas.Poll.UntilAsync(() => Task.FromResult(Of(match)), d => d.Count > 0, waitingFor, cancellationToken);
        return deliveries[0];
    }
}
