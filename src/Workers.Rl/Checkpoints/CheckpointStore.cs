using Npgsql;
using NpgsqlTypes;

namespace Fleet.Workers.Rl.Checkpoints;

/// <summary>Checkpoints in PostgreSQL (tables rl_checkpoints and rl_policies, migration 005).</summary>
public sealed class CheckpointStore(NpgsqlDataSource dataSource) : ICheckpointStore
{
    public async Task SaveAsync(StoredCheckpoint checkpoint, int keep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO rl_checkpoints (job_id, seq, steps, size_bytes, data) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (job_id, seq) DO UPDATE SET steps = excluded.steps, size_bytes = excluded.size_bytes,
                data = excluded.data, created_at = now()
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = checkpoint.JobId });
            insert.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Update });
            insert.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Steps });
            insert.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Data.Length });
            insert.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Data, NpgsqlDbType = NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var prune = new NpgsqlCommand(
            "DELETE FROM rl_checkpoints WHERE job_id = $1 AND seq NOT IN (SELECT seq FROM rl_checkpoints WHERE job_id = $1 ORDER BY seq DESC LIMIT $2)",
            connection, transaction))
        {
            prune.Parameters.Add(new NpgsqlParameter { Value = checkpoint.JobId });
            prune.Parameters.Add(new NpgsqlParameter { Value = keep });
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<StoredCheckpoint?> LoadLatestAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq, steps, data FROM rl_checkpoints WHERE job_id = $1 ORDER BY seq DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredCheckpoint(jobId, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2))
            : null;
    }

    public async Task<IReadOnlyList<long>> ListAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT seq FROM rl_checkpoints WHERE job_id = $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var updates = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            updates.Add(reader.GetInt64(0));
        }
        return updates;
    }

    public async Task<string> SavePolicyAsync(Guid jobId, string format, byte[] data, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO rl_policies (job_id, format, size_bytes, data) VALUES ($1, $2, $3, $4)
            ON CONFLICT (job_id) DO UPDATE SET format = excluded.format, size_bytes = excluded.size_bytes,
                data = excluded.data, created_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = format });
        command.Parameters.Add(new NpgsqlParameter { Value = data.Length });
        command.Parameters.Add(new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return $"postgres://rl_policies/{jobId}";
    }
}
