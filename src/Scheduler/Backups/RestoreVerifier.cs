using Npgsql;

namespace Fleet.Scheduler.Backups;

/// <summary>
/// Proves a dump restores: pg_restore into a scratch database <c>fleet_verify_&lt;id&gt;</c>, the same checksums
/// read there, the scratch database dropped whatever happened. The role needs CREATEDB.
/// </summary>
public sealed class RestoreVerifier(PostgresClientTools tools, ILogger<RestoreVerifier> logger)
{
    public async Task<IReadOnlyList<string>> VerifyAsync(
        NpgsqlConnectionStringBuilder source, string backupId, string dumpPath, IReadOnlyList<TableChecksum> expected, CancellationToken cancellationToken)
    {
        var scratch = "fleet_verify_" + backupId.ToLowerInvariant().Replace('-', '_');
        var admin = new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = source.Database, Pooling = false };
        await ExecuteAsync(admin, $"CREATE DATABASE \"{scratch}\"", cancellationToken);
        try
        {
            var target = new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = scratch, Pooling = false };
            await tools.RunAsync("pg_restore", target, ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", scratch, dumpPath], cancellationToken);
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var restored = await TableChecksums.ComputeAsync(connection, null, cancellationToken);
            return TableChecksums.Differences(expected, restored);
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)", CancellationToken.None);
            logger.LogInformation("Dropped scratch database {Database}", scratch);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
