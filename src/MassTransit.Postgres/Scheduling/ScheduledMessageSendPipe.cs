using System.Net.Mime;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Turns a <see cref="SerializedMessageBody"/> send into the stored message: the stored body is deserialized with
/// the serializer of its own content type and re-serialized as its original message types, and the ids, headers and
/// transport properties are put back, so consumers of the original type receive it as if it were sent now.
/// </summary>
internal sealed class ScheduledMessageSendPipe(ScheduledMessageRecord message, TimeProvider timeProvider) : IPipe<SendContext>
{
    public Task Send(SendContext context)
    {
        var deserializer = context.Serialization.GetMessageDeserializer(new ContentType(message.ContentType));
        var headers = new DictionarySendHeaders(message.Headers.ToDictionary(h => h.Key, h => (object?)h.Value));
        var serializerContext = deserializer.Deserialize(deserializer.GetMessageBody(message.Body), headers, message.Destination);

        if (message.MessageId.HasValue)
        {
            context.MessageId = message.MessageId;
        }
        context.CorrelationId = message.CorrelationId;
        context.ConversationId = message.ConversationId;
        context.InitiatorId = message.InitiatorId;
        context.RequestId = message.RequestId;
        context.SourceAddress = message.SourceAddress;
        context.ResponseAddress = message.ResponseAddress;
        context.FaultAddress = message.FaultAddress;
        if (message.ExpirationTime is { } expiration)
        {
            context.TimeToLive = expiration - timeProvider.GetUtcNow();
        }

        foreach (var (key, value) in message.Headers)
        {
            context.Headers.Set(key, value);
        }
        // A saga's Schedule activity reads this to tell that the message it is consuming is the one it scheduled,
        // and then does not send a cancel for it.
        context.Headers.Set(MessageHeaders.SchedulingTokenId, message.TokenId.ToString());

        if (message.TransportProperties is not null && context is TransportSendContext transportContext)
        {
            transportContext.ReadPropertiesFrom(message.TransportProperties);
        }

        context.SupportedMessageTypes = [.. message.MessageTypes];
        context.Serializer = serializerContext.GetMessageSerializer();
        return Task.CompletedTask;
    }

    public void Probe(ProbeContext context) => context.CreateScope("scheduledMessage");
}
