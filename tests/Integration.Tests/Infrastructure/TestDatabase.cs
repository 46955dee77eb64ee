using Npgsql;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>A PostgreSQL database of this run's own, dropped at the end; the processes migrate it when they start.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync(string name, CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(TestServers.PostgresAdminUnpooled))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return new TestDatabase(name, new NpgsqlConnectionStringBuilder(TestServers.PostgresAdmin) { Database = name }.ConnectionString);
    }

    /// <summary>Whether PostgreSQL accepts a connection now (a test may have stopped it).</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>The first column of the first row; parameters are $1, $2, ...</summary>
    public async Task<T> ScalarAsync<T>(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task ExecuteAsync(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every job row of every tenant.</summary>
    public Task<long> JobCountAsync(CancellationToken cancellationToken) =>
        ScalarAsync<long>("SELECT count(*) FROM jobs", [], cancellationToken);

    /// <summary>
    /// How many outbox rows were ever written: the id sequence's position. Unlike a row count it also catches a row
    /// that the relay published and deleted before the test looked.
    /// </summary>
    public Task<long> OutboxRowsWrittenAsync(CancellationToken cancellationToken) =>
        ScalarAsync<long>("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM outbox_id_seq", [], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdminUnpooled);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
