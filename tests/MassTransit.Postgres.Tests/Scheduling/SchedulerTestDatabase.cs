using Fleet.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>A fresh, migrated database for one scheduler test, dropped when the test ends.</summary>
public sealed class SchedulerTestDatabase : IAsyncDisposable
{
    private SchedulerTestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<SchedulerTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = new SchedulerTestDatabase(await TestServers.CreateDatabaseAsync("scheduler"));
        await SchemaMigrator.MigrateAsync(database.DataSource, NullLogger.Instance, cancellationToken);
        return database;
    }

    /// <summary>Stored (not yet sent or cancelled) messages with this token: 0 or 1.</summary>
    public Task<long> CountScheduledAsync(Guid tokenId, CancellationToken cancellationToken) =>
        CountAsync("SELECT count(*) FROM scheduled_messages WHERE token_id = $1", tokenId, cancellationToken);

    public Task<long> CountAllScheduledAsync(CancellationToken cancellationToken) =>
        CountAsync("SELECT count(*) FROM scheduled_messages", null, cancellationToken);

    /// <summary>Tombstones left by cancels of this token: 0 or 1.</summary>
    public Task<long> CountCancellationsAsync(Guid tokenId, CancellationToken cancellationToken) =>
        CountAsync("SELECT count(*) FROM scheduled_message_cancellations WHERE token_id = $1", tokenId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdmin);
        await admin.OpenAsync();
        // FORCE: a stopped process's pool may still hold idle connections to it.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql, Guid? tokenId, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        if (tokenId is { } token)
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = token });
        }
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
