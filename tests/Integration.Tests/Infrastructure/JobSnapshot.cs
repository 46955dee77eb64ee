using System.Text.Json;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>
/// A job as GET /v1/jobs/{id} answered it, read by the field names of the public contract (DESIGN.md) rather than
/// through the Api's own types, so a renamed field fails here.
/// </summary>
public sealed record JobSnapshot(JsonElement Json)
{
    public Guid Id => Json.GetProperty("id").GetGuid();

    public string Type => Json.GetProperty("type").GetString()!;

    public string State => Json.GetProperty("state").GetString()!;

    public int Attempts => Json.GetProperty("attempts").GetInt32();

    public double ProgressPercent => Json.GetProperty("progress").GetProperty("percent").GetDouble();

    /// <summary>The <c>result</c> member; <see cref="JsonValueKind.Null"/> until the job succeeds.</summary>
    public JsonElement Result => Json.GetProperty("result");

    public string? ErrorCode => Json.GetProperty("error") is { ValueKind: JsonValueKind.Object } error ? error.GetProperty("code").GetString() : null;

    public DateTimeOffset CreatedAt => Json.GetProperty("createdAt").GetDateTimeOffset();

    public DateTimeOffset? StartedAt => OptionalTime("startedAt");

    public DateTimeOffset? FinishedAt => OptionalTime("finishedAt");

    public override string ToString() => Json.GetRawText();

    private DateTimeOffset? OptionalTime(string name) =>
        Json.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetDateTimeOffset() : null;
}
