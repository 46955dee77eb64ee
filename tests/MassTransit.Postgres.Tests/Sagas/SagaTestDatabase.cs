using Fleet.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>A fresh, migrated database for one test, dropped when the test ends.</summary>
public sealed class SagaTestDatabase : IAsyncDisposable
{
    private SagaTestDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<SagaTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = new SagaTestDatabase(await TestServers.CreateDatabaseAsync("sagas"));
        await SchemaMigrator.MigrateAsync(database.DataSource, NullLogger.Instance, cancellationToken);
        return database;
    }

    /// <summary>How many saga_instances rows exist for this id, whatever their saga type.</summary>
    public async Task<long> CountRowsAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT count(*) FROM saga_instances WHERE correlation_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = correlationId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdmin);
        await admin.OpenAsync();
        // FORCE: the buses' pools may still hold idle connections to it.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
