using Npgsql;
using NpgsqlTypes;

namespace Fleet.Bench.Api;

/// <summary>
/// Reads job states straight from Fleet's jobs table: 20,000 GET /v1/jobs/{id} calls would load the API being
/// measured far more than the benchmark's own 4 queries a second.
/// </summary>
public sealed class FleetJobsProbe(BenchEnvironment env) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(env.FleetPostgres);

    public async Task<(long Succeeded, long Failed)> CountAsync(Guid[] ids, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand(
            "SELECT count(*) FILTER (WHERE state = 'succeeded'), count(*) FILTER (WHERE state IN ('failed','cancelled')) " +
            "FROM jobs WHERE id = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Jobs not yet finished among <paramref name="ids"/>: shows the fleet was still busy.</summary>
    public async Task<long> UnfinishedAsync(Guid[] ids, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand(
            "SELECT count(*) FROM jobs WHERE id = ANY($1) AND state NOT IN ('succeeded','failed','cancelled')");
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        return (long)(await cmd.ExecuteScalarAsync(ct) ?? 0L);
    }

    /// <summary>The server's own span, first created_at to last finished_at: a cross-check free of polling granularity.</summary>
    public async Task<TimeSpan?> ServerSpanAsync(Guid[] ids, CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand(
            "SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM jobs WHERE id = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is decimal seconds ? TimeSpan.FromSeconds((double)seconds) : null;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
