namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// One row of <c>scheduled_messages</c>: the payload serialized as its original message types, and the ids, headers
/// and transport properties that rode on the ScheduleMessage envelope, so that the due-time send looks like the
/// message the sender scheduled (MassTransit's Quartz integration keeps the same fields in its job data).
/// </summary>
internal sealed record ScheduledMessageRecord
{
    public required Guid TokenId { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required Uri Destination { get; init; }
    public required string ContentType { get; init; }
    public required string Body { get; init; }
    public required IReadOnlyList<string> MessageTypes { get; init; }
    public Guid? MessageId { get; init; }
    public Guid? CorrelationId { get; init; }
    public Guid? ConversationId { get; init; }
    public Guid? InitiatorId { get; init; }
    public Guid? RequestId { get; init; }
    public Uri? SourceAddress { get; init; }
    public Uri? ResponseAddress { get; init; }
    public Uri? FaultAddress { get; init; }
    public DateTimeOffset? ExpirationTime { get; init; }
    public IReadOnlyDictionary<string, object> Headers { get; init; } = new Dictionary<string, object>();
    public IReadOnlyDictionary<string, object>? TransportProperties { get; init; }
    public int Attempts { get; init; }
}
