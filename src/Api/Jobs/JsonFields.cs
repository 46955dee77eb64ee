using System.Text.Json;

namespace Fleet.Api.Jobs;

/// <summary>Typed, bounded reads of optional JSON fields that record a field-named error on mismatch.</summary>
public static class JsonFields
{
    public static int? ReadInt(JsonElement obj, string name, long min, long max, FieldErrors errors, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var field = path is null ? name : $"{path}.{name}";
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            errors.Add(field, $"{name} must be a whole number.");
            return null;
        }
        if (value < min || value > max)
        {
            errors.Add(field, $"{name} must be between {min} and {max}.");
            return null;
        }
        return (int)value;
    }
}
