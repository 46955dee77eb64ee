using Fleet.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests;

/// <summary>A fresh, migrated database for one test, dropped when the test ends.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        var database = new TestDatabase(await TestServers.CreateDatabaseAsync(prefix));
        await SchemaMigrator.MigrateAsync(database.DataSource, NullLogger.Instance, cancellationToken);
        return database;
    }

    /// <summary>Runs a <c>count(*)</c> query whose only parameter, if any, is <paramref name="id"/>.</summary>
    public async Task<long> CountAsync(string sql, Guid? id, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        if (id is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = value });
        }
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdmin);
        await admin.OpenAsync();
        // FORCE: the buses' pools, or a stopped process's, may still hold idle connections to it.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
