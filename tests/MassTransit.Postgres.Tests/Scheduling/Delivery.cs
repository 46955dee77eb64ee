namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>What a consumer saw of one delivered message.</summary>
public sealed record Delivery(
    object Message,
    Guid? MessageId,
    Guid? CorrelationId,
    Guid? ConversationId,
    Guid? InitiatorId,
    IReadOnlyDictionary<string, object> Headers,
    DateTimeOffset ReceivedAt);
