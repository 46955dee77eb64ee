using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Decoding;

namespace Fleet.Workers.Llm.Generation;

/// <summary><c>llm.generate</c>'s input (DESIGN.md), already checked by the Api; re-checked here because a message can outlive an Api version.</summary>
public sealed record GenerateTextInput(string Prompt, int MaxTokens, SamplingOptions Sampling, int? Seed, IReadOnlyList<string> Stop)
{
    public static GenerateTextInput Parse(JsonElement input, int defaultMaxTokens)
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("prompt", out var prompt) || prompt.ValueKind != JsonValueKind.String || prompt.GetString()!.Length == 0)
        {
            throw new JobInputException("input.prompt must be a non-empty string.");
        }
        var stop = input.TryGetProperty("stop", out var stops) && stops.ValueKind == JsonValueKind.Array
            ? stops.EnumerateArray().Select(s => s.GetString() ?? "").Where(s => s.Length > 0).ToArray()
            : [];
        var sampling = new SamplingOptions(
            Temperature: (float)(Number(input, "temperature", 0, 2) ?? 1),
            TopK: (int)(Number(input, "topK", 0, int.MaxValue) ?? 0),
            TopP: (float)(Number(input, "topP", 0, 1) ?? 1));
        var seed = Number(input, "seed", int.MinValue, int.MaxValue);
        return new GenerateTextInput(prompt.GetString()!, (int)(Number(input, "maxTokens", 1, 4096) ?? defaultMaxTokens), sampling, seed is null ? null : (int)seed, stop);
    }

    private static double? Number(JsonElement input, string name, double min, double max)
    {
        if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || value.GetDouble() < min || value.GetDouble() > max)
        {
            throw new JobInputException($"input.{name} must be a number between {min} and {max}.");
        }
        return value.GetDouble();
    }
}
