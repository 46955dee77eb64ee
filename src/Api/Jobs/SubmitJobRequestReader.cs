using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Jobs;

/// <summary>
/// Reads POST /v1/jobs by hand rather than by model binding, so that every mistake, a wrong JSON type included,
/// comes back as a validation error naming its field instead of a generic 400.
/// </summary>
public sealed class SubmitJobRequestReader(JobInputValidator inputValidator, IOptions<JobsOptions> options)
{
    private static readonly HashSet<string> KnownFields = ["type", "input", "priority", "runAt", "timeoutSeconds", "maxAttempts"];

    public SubmitJobRequest? Read(JsonElement body, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The request body must be a JSON object.");
            return null;
        }
        foreach (var property in body.EnumerateObject().Where(p => !KnownFields.Contains(p.Name)))
        {
            errors.Add(property.Name, "Unknown field.");
        }

        var limits = options.Value;
        string? type = null;
        if (!body.TryGetProperty("type", out var typeElement) || typeElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add("type", "The job type is required.");
        }
        else if (typeElement.ValueKind != JsonValueKind.String)
        {
            errors.Add("type", "The job type must be a string.");
        }
        else if (!inputValidator.IsKnownType(type = typeElement.GetString()!))
        {
            errors.Add("type", $"Unknown job type. Known types: {string.Join(", ", inputValidator.KnownTypes)}.");
            type = null;
        }

        var input = body.TryGetProperty("input", out var inputElement) && inputElement.ValueKind != JsonValueKind.Null
            ? inputElement.Clone()
            : JsonDocument.Parse("{}").RootElement;
        if (input.ValueKind != JsonValueKind.Object)
        {
            errors.Add("input", "The input must be a JSON object.");
        }
        else if (type is not null)
        {
            inputValidator.Validate(type, input, errors);
        }

        var priority = JsonFields.ReadInt(body, "priority", 0, 9, errors) ?? 0;
        var timeout = JsonFields.ReadInt(body, "timeoutSeconds", 1, limits.MaxTimeoutSeconds, errors);
        var maxAttempts = JsonFields.ReadInt(body, "maxAttempts", 1, limits.MaxMaxAttempts, errors);
        var runAt = ReadRunAt(body, errors);

        return errors.IsEmpty ? new SubmitJobRequest(type!, input, priority, runAt, timeout, maxAttempts) : null;
    }

    private static DateTimeOffset? ReadRunAt(JsonElement body, FieldErrors errors)
    {
        if (!body.TryGetProperty("runAt", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var runAt))
        {
            return runAt.ToUniversalTime();
        }
        errors.Add("runAt", "runAt must be an ISO 8601 date and time with an offset, e.g. 2026-01-31T12:00:00Z.");
        return null;
    }
}
