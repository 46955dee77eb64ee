using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Scheduler.Dashboard;

/// <summary>What the operator pages read from the jobs tables, across every tenant (operators run the whole fleet).</summary>
public sealed class DashboardQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<(string Type, string State, long Count)>> CountsAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(string, string, long)>();
        await using var command = dataSource.CreateCommand("SELECT type, state, count(*) FROM jobs GROUP BY type, state ORDER BY type, state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<DashboardJob>> RecentJobsAsync(string? state, string? type, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {DashboardJob.Columns} FROM jobs
            WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR type = $2)
            ORDER BY created_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var jobs = new List<DashboardJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(DashboardJob.Read(reader));
        }
        return jobs;
    }

    public async Task<DashboardJob?> JobAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {DashboardJob.Columns} FROM jobs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? DashboardJob.Read(reader) : null;
    }

    /// <summary>Workers that ran a job in the last hour: when each was last heard of, and what it runs now.</summary>
    public async Task<IReadOnlyList<(string WorkerId, DateTimeOffset LastSeen, long Running, long Jobs)>> WorkersAsync(CancellationToken cancellationToken)
    {
        var rows = new List<(string, DateTimeOffset, long, long)>();
        await using var command = dataSource.CreateCommand("""
            SELECT worker_id, max(updated_at), count(*) FILTER (WHERE state = 'running'), count(*)
            FROM jobs WHERE worker_id IS NOT NULL AND updated_at > now() - interval '1 hour'
            GROUP BY worker_id ORDER BY worker_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return rows;
    }
}

/// <summary>A job row as the dashboard shows it.</summary>
public sealed record DashboardJob(
    Guid Id, string TenantId, string Type, string State, double? ProgressPercent, string? ProgressMessage, int Attempts,
    string? WorkerId, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string Input, string? Result, string? ErrorCode, string? ErrorMessage)
{
    public const string Columns =
        "id, tenant_id, type, state, progress_percent, progress_message, attempts, worker_id, created_at, finished_at, input::text, result::text, error_code, error_message";

    public static DashboardJob Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6),
        r.IsDBNull(7) ? null : r.GetString(7), r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13));

    public static string Pretty(string? json) =>
        json is null ? "" : JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { WriteIndented = true });
}
