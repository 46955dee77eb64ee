using System.Text.Json;
using MassTransit.Serialization;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Header and transport-property dictionaries as jsonb. Values come back as plain strings, numbers and booleans,
/// because RabbitMQ's header table cannot carry a <see cref="JsonElement"/>.
/// </summary>
internal static class HeaderValuesJson
{
    public static string? Serialize(IEnumerable<KeyValuePair<string, object>>? values)
    {
        if (values is null)
        {
            return null;
        }
        var map = values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value);
        return map.Count == 0 ? null : JsonSerializer.Serialize(map, SystemTextJsonMessageSerializer.Options);
    }

    public static Dictionary<string, object> Deserialize(string? json)
    {
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(json))
        {
            return values;
        }
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (ToPlainValue(property.Value) is { } value)
            {
                values[property.Name] = value;
            }
        }
        return values;
    }

    private static object? ToPlainValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };
}
