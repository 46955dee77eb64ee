using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Deletes a scheduled message (<c>CancelScheduledSend</c>, a saga's Unschedule) and remembers the token, because
/// the cancel can be consumed before the ScheduleMessage it cancels.
/// </summary>
internal sealed class CancelScheduledMessageConsumer(
    ScheduledMessageStore store,
    IOptions<MessageSchedulerOptions> options,
    ILogger<CancelScheduledMessageConsumer> logger) : IConsumer<CancelScheduledMessage>
{
    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        var tokenId = context.Message.TokenId;
        var deleted = await store.CancelAsync(tokenId, options.Value.CancellationRetention, context.CancellationToken);
        if (deleted)
        {
            logger.LogDebug("Cancelled scheduled message {TokenId}", tokenId);
        }
        else
        {
            logger.LogDebug("Cancel for scheduled message {TokenId} found nothing stored: already sent, or its schedule is still to come", tokenId);
        }
    }
}
