using System.Data;
using Npgsql;

namespace Fleet.Scheduler.Backups;

/// <summary>
/// pg_dump in custom format (-Fc) of the Fleet database (Hangfire's schema left out), and the tables' checksums read
/// in the very snapshot the dump uses: the snapshot is exported from an open REPEATABLE READ transaction and handed to
/// pg_dump with --snapshot, so jobs that change while the dump runs cannot make source and copy disagree.
/// </summary>
public sealed class DatabaseDump(NpgsqlDataSource dataSource, PostgresClientTools tools)
{
    public async Task<IReadOnlyList<TableChecksum>> WriteAsync(NpgsqlConnectionStringBuilder database, string dumpPath, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        string snapshot;
        await using (var export = new NpgsqlCommand("SET TRANSACTION READ ONLY; SELECT pg_export_snapshot()", connection, transaction))
        {
            snapshot = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
        }
        var dump = tools.RunAsync("pg_dump", database,
            ["--format=custom", "--no-owner", "--no-privileges", $"--exclude-schema={TableChecksums.ExcludedSchema}", $"--snapshot={snapshot}", $"--file={dumpPath}"],
            cancellationToken);
        // Both read one snapshot; the transaction stays open until pg_dump is done with it.
        var checksums = await TableChecksums.ComputeAsync(connection, transaction, cancellationToken);
        await dump;
        await transaction.CommitAsync(cancellationToken);
        return checksums;
    }
}
