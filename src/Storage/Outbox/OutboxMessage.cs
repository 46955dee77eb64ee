using System.Text.Json;
using Fleet.Contracts.Jobs;

namespace Fleet.Storage.Outbox;

/// <summary>
/// A message as the outbox table holds it: the contract's type name and its JSON. Only Fleet.Contracts types may be
/// stored, so the relay can resolve every row back to a type.
/// </summary>
public sealed record OutboxMessage(string? Destination, string MessageType, string Body)
{
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    private static readonly System.Reflection.Assembly ContractsAssembly = typeof(RunJob).Assembly;

    /// <summary>A command sent to one queue.</summary>
    public static OutboxMessage Send<T>(string queue, T message) where T : class =>
        new(queue, typeof(T).FullName!, JsonSerializer.Serialize(message, SerializerOptions));

    public (object Message, Type Type) Deserialize()
    {
        var type = ContractsAssembly.GetType(MessageType, throwOnError: true)!;
        return (JsonSerializer.Deserialize(Body, type, SerializerOptions)!, type);
    }
}
