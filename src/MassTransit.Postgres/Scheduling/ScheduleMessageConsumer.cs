using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Stores a <see cref="ScheduleMessage"/> (sent by <c>IMessageScheduler.ScheduleSend</c>, <c>context.ScheduleSend</c>
/// or a saga's Schedule activity) for <see cref="ScheduledMessageDispatcher"/> to send at its due time.
/// </summary>
internal sealed class ScheduleMessageConsumer(ScheduledMessageStore store, ILogger<ScheduleMessageConsumer> logger)
    : IConsumer<ScheduleMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var schedule = context.Message;

        // The payload arrives as JSON inside the ScheduleMessage; serialize it on its own, as its original message
        // types, with the serializer this envelope came in.
        var serializer = context.SerializerContext.GetMessageSerializer(schedule.Payload, schedule.PayloadType);
        var body = serializer.GetMessageBody(new MessageSendContext<ScheduleMessage>(schedule, context.CancellationToken));

        // The sender's ids and headers (its pipe ran on the ScheduleMessage's send context) belong to the payload.
        // With MassTransit's JSON envelope the body above already carries them (tests pass with these columns
        // blanked); the columns put them back for serializers without an envelope and show them to SQL.
        IDictionary<string, object>? transportProperties = null;
        if (context.ReceiveContext.TryGetPayload<TransportReceiveContext>(out var transportContext))
        {
            transportProperties = transportContext.GetTransportProperties();
        }

        var record = new ScheduledMessageRecord
        {
            TokenId = schedule.CorrelationId,
            DueAt = AsUtc(schedule.ScheduledTime),
            Destination = schedule.Destination,
            ContentType = serializer.ContentType.ToString(),
            Body = body.GetString(),
            MessageTypes = schedule.PayloadType,
            MessageId = context.MessageId,
            CorrelationId = context.CorrelationId,
            ConversationId = context.ConversationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            ExpirationTime = context.ExpirationTime is { } expiration ? AsUtc(expiration) : null,
            Headers = context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value),
            TransportProperties = transportProperties?.AsReadOnly(),
        };

        if (await store.ScheduleAsync(record, context.CancellationToken))
        {
            logger.LogDebug("Stored scheduled message {TokenId} for {Destination} due at {DueAt}", record.TokenId, record.Destination, record.DueAt);
        }
        else
        {
            logger.LogInformation("Dropped scheduled message {TokenId} for {Destination}: its cancel arrived first", record.TokenId, record.Destination);
        }
    }

    // MassTransit writes ScheduledTime in UTC; a value that lost its kind on the way is still UTC.
    private static DateTimeOffset AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
