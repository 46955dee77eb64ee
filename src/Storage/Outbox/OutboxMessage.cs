using System.Diagnostics;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults.Tracing;

namespace Fleet.Storage.Outbox;

/// <summary>
/// A message as the outbox table holds it: the contract's type name and its JSON. Only Fleet.Contracts types may be
/// stored, so the relay can resolve every row back to a type. <see cref="Trace"/> is the trace context of the code
/// that wrote the row (the submit request), which the relay continues when it publishes.
/// </summary>
public sealed record OutboxMessage(string? Destination, string MessageType, string Body)
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private static readonly System.Reflection.Assembly ContractsAssembly = typeof(RunJob).Assembly;

    public TraceContext? Trace { get; init; }

    /// <summary>A command sent to one queue, in the trace of <see cref="Activity.Current"/>.</summary>
    public static OutboxMessage Send<T>(string queue, T message) where T : class =>
        new(queue, typeof(T).FullName!, JsonSerializer.Serialize(message, SerializerOptions)) { Trace = TraceContext.Current };

    public (object Message, Type Type) Deserialize()
    {
        var type = ContractsAssembly.GetType(MessageType, throwOnError: true)!;
        return (JsonSerializer.Deserialize(Body, type, SerializerOptions)!, type);
    }
}
