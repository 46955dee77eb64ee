using System.Text.Json;
using Npgsql;

namespace Fleet.Api.Jobs;

/// <summary>A job row as the Api reads it.</summary>
public sealed record JobRecord(
    Guid Id,
    string TenantId,
    string Type,
    string State,
    JsonElement Input,
    JsonElement? Result,
    string? ErrorCode,
    string? ErrorMessage,
    double? ProgressPercent,
    string? ProgressMessage,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? RequestHash)
{
    public const string Columns =
        "id, tenant_id, type, state, input::text, result::text, error_code, error_message, progress_percent, " +
        "progress_message, attempts, created_at, started_at, finished_at, request_hash";

    public static JobRecord Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3),
        ParseJson(r.GetString(4)),
        r.IsDBNull(5) ? null : ParseJson(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetDouble(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.GetInt32(10),
        r.GetFieldValue<DateTimeOffset>(11),
        r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13),
        r.IsDBNull(14) ? null : r.GetString(14));

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
