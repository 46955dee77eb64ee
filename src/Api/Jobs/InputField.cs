using System.Text.Json;

namespace Fleet.Api.Jobs;

/// <summary>The JSON kinds a job input field may take.</summary>
public enum InputKind { WholeNumber, Number, Text, TrueFalse, TextArray, JsonObject }

/// <summary>One field of a job type's input: its kind, whether it is required, and its bounds.</summary>
/// <param name="Min">Lowest value (numbers), shortest length (strings) or fewest items (arrays).</param>
/// <param name="Max">Highest value, longest length or most items.</param>
/// <param name="OneOf">For strings: the only values allowed.</param>
public sealed record InputField(string Name, InputKind Kind, bool Required = false, double Min = double.MinValue, double Max = double.MaxValue, IReadOnlyList<string>? OneOf = null)
{
    public void Validate(JsonElement value, FieldErrors errors)
    {
        var field = "input." + Name;
        switch (Kind)
        {
            case InputKind.WholeNumber when value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _):
                errors.Add(field, $"{Name} must be a whole number.");
                return;
            case InputKind.Number when value.ValueKind != JsonValueKind.Number:
                errors.Add(field, $"{Name} must be a number.");
                return;
            case InputKind.Text when value.ValueKind != JsonValueKind.String:
                errors.Add(field, $"{Name} must be a string.");
                return;
            case InputKind.TrueFalse when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
                errors.Add(field, $"{Name} must be true or false.");
                return;
            case InputKind.TextArray when value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String):
                errors.Add(field, $"{Name} must be an array of strings.");
                return;
            case InputKind.JsonObject when value.ValueKind != JsonValueKind.Object:
                errors.Add(field, $"{Name} must be a JSON object.");
                return;
        }

        switch (Kind)
        {
            case InputKind.WholeNumber or InputKind.Number when value.GetDouble() < Min || value.GetDouble() > Max:
                errors.Add(field, $"{Name} must be between {Min} and {Max}.");
                break;
            case InputKind.Text when OneOf is not null && !OneOf.Contains(value.GetString()!):
                errors.Add(field, $"{Name} must be one of: {string.Join(", ", OneOf)}.");
                break;
            case InputKind.Text when value.GetString()!.Length < Min || value.GetString()!.Length > Max:
                errors.Add(field, $"{Name} must be {Min} to {Max} characters long.");
                break;
            case InputKind.TextArray when value.GetArrayLength() < Min || value.GetArrayLength() > Max:
                errors.Add(field, $"{Name} must have {Min} to {Max} items.");
                break;
        }
    }
}
