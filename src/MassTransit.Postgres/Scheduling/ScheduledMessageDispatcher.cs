using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Sends stored messages when they fall due. Each batch is claimed with <c>FOR UPDATE SKIP LOCKED</c>, so any number
/// of Scheduler replicas can run this; rows are deleted in the claiming transaction only after their sends were
/// confirmed by the broker. Delivery is therefore at least once: a crash (or shutdown) after a send and before the
/// commit leaves the row in place, and it is sent again.
/// </summary>
internal sealed class ScheduledMessageDispatcher(
    ScheduledMessageStore store,
    ScheduledMessageListener listener,
    IBusControl bus,
    IOptions<MessageSchedulerOptions> options,
    TimeProvider timeProvider,
    ILogger<ScheduledMessageDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    // Overdue rows that this replica could not claim are being sent by another one, which takes milliseconds.
    private static readonly TimeSpan LockedByOtherReplicaWait = TimeSpan.FromMilliseconds(10);

    private readonly DispatchSignal _signal = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosted services may start before the bus does; sends before that would only fail and back off.
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);

        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var listening = options.Value.ListenForInserts ? listener.ListenAsync(_signal.Set, stopListening.Token) : Task.CompletedTask;
        try
        {
            await DispatchUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            await stopListening.CancelAsync();
            await listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task DispatchUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var lastPurge = timeProvider.GetTimestamp();
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var wake = _signal.Arm();
            TimeSpan wait;
            try
            {
                var claimed = await DispatchBatchAsync(settings.BatchSize, stoppingToken);
                if (claimed == settings.BatchSize)
                {
                    continue;
                }
                wait = await NextWaitAsync(claimed, settings.PollInterval, stoppingToken);
                if (timeProvider.GetElapsedTime(lastPurge) >= PurgeInterval)
                {
                    lastPurge = timeProvider.GetTimestamp();
                    await store.PurgeExpiredCancellationsAsync(stoppingToken);
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Dispatching scheduled messages failed; retrying in {PollInterval}", settings.PollInterval);
                wait = settings.PollInterval;
            }
            await WaitAsync(wake, wait, stoppingToken);
        }
    }

    private async Task<int> DispatchBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var claim = await store.ClaimDueAsync(batchSize, cancellationToken);
        if (claim.Messages.Count == 0)
        {
            return 0;
        }

        var outcomes = await Task.WhenAll(claim.Messages.Select(m => SendAsync(m, cancellationToken)));
        var sent = claim.Messages.Where((_, i) => outcomes[i]).Select(m => m.TokenId).ToList();
        var failed = claim.Messages.Where((_, i) => !outcomes[i]).Select(m => m.TokenId).ToList();
        await claim.CompleteAsync(sent, failed, cancellationToken);
        return claim.Messages.Count;
    }

    /// <summary>Returns false when the send failed and the message should be retried later.</summary>
    private async Task<bool> SendAsync(ScheduledMessageRecord message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (message.ExpirationTime <= now)
        {
            logger.LogInformation("Scheduled message {TokenId} for {Destination} expired at {ExpirationTime} before it was sent; dropping it",
                message.TokenId, message.Destination, message.ExpirationTime);
            return true;
        }
        try
        {
            var endpoint = await bus.GetSendEndpoint(message.Destination);
            await endpoint.Send(new SerializedMessageBody(), new ScheduledMessageSendPipe(message, timeProvider), cancellationToken);
            logger.LogDebug("Sent scheduled message {TokenId} to {Destination} {LatenessMs} ms after it was due",
                message.TokenId, message.Destination, (timeProvider.GetUtcNow() - message.DueAt).TotalMilliseconds);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Handled by keeping the row and backing it off: the broker may be down, or the body unreadable.
            logger.LogError(ex, "Sending scheduled message {TokenId} to {Destination} failed on attempt {Attempt}; it will be retried",
                message.TokenId, message.Destination, message.Attempts + 1);
            return false;
        }
    }

    private async Task<TimeSpan> NextWaitAsync(int claimed, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var untilDue = await store.TimeUntilNextDueAsync(cancellationToken);
        if (untilDue is not { } until || until >= pollInterval)
        {
            return pollInterval;
        }
        if (until > TimeSpan.Zero)
        {
            return until;
        }
        // Overdue now: claim again at once, unless this round claimed nothing, i.e. another replica holds those rows.
        return claimed == 0 ? LockedByOtherReplicaWait : TimeSpan.Zero;
    }

    private async Task WaitAsync(Task wake, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(wake, Task.Delay(wait, timeProvider, stopDelay.Token));
        await stopDelay.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
