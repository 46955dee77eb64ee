using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests;

/// <summary>
/// Where the real servers are: the local fleet's PostgreSQL and RabbitMQ that <c>./fleet test</c> starts on
/// loopback, or whatever FLEET_TEST_POSTGRES / FLEET_TEST_RABBITMQ point at (compose services, CI).
/// </summary>
public static class TestServers
{
    public static string PostgresAdmin { get; } =
        Environment.GetEnvironmentVariable("FLEET_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=55432;Username=fleet;Password=fleet;Database=postgres";

    /// <summary>amqp://user:pass@host:port</summary>
    public static Uri RabbitMq { get; } =
        new(Environment.GetEnvironmentVariable("FLEET_TEST_RABBITMQ") ?? "amqp://fleet:fleet@127.0.0.1:55672");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var admin = new NpgsqlConnection(PostgresAdmin);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }
}
