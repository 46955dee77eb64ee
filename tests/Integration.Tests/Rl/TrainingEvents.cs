using System.Text.Json;

namespace Fleet.Integration.Tests.Rl;

/// <summary>What an rl.train job left in the database: its SSE metric events and its checkpoints.</summary>
internal static class TrainingEvents
{
    /// <summary>The job's <c>metric</c> events, oldest first: (event id, step).</summary>
    public static async Task<IReadOnlyList<(long Id, long Step)>> MetricsAsync(FleetServers fleet, Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = fleet.Database.DataSource.CreateCommand("SELECT id, data FROM job_events WHERE job_id = $1 AND kind = 'metric' ORDER BY id");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = jobId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var metrics = new List<(long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var data = JsonDocument.Parse(reader.GetString(1));
            metrics.Add((reader.GetInt64(0), data.RootElement.GetProperty("step").GetInt64()));
        }
        return metrics;
    }

    /// <summary>The job's checkpoints, oldest first: (update, steps, bytes).</summary>
    public static async Task<IReadOnlyList<(long Update, long Steps, int Size)>> CheckpointsAsync(FleetServers fleet, Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = fleet.Database.DataSource.CreateCommand("SELECT seq, steps, size_bytes FROM rl_checkpoints WHERE job_id = $1 ORDER BY seq");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = jobId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<(long, long, int)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            checkpoints.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
        }
        return checkpoints;
    }
}
