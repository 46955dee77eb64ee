namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>
/// Where the real servers and tools are: what <c>./fleet test</c> exports (FLEET_TEST_POSTGRES, FLEET_TEST_RABBITMQ,
/// FLEET_TEST_RABBITMQ_MANAGEMENT, FLEET_RABBITMQCTL, FLEET_CLI), with the same defaults when unset so that a plain
/// <c>dotnet test</c> finds the local fleet's servers too.
/// </summary>
public static class TestServers
{
    public static string PostgresAdmin { get; } =
        Environment.GetEnvironmentVariable("FLEET_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=55432;Username=fleet;Password=fleet;Database=postgres";

    /// <summary>
    /// The admin connection without pooling: outage tests restart PostgreSQL, and a pooled admin connection from
    /// before the restart fails the next CREATE or DROP DATABASE with 57P01.
    /// </summary>
    public static string PostgresAdminUnpooled { get; } =
        new Npgsql.NpgsqlConnectionStringBuilder(PostgresAdmin) { Pooling = false }.ConnectionString;

    /// <summary>amqp://user:pass@host:port</summary>
    public static Uri RabbitMq { get; } =
        new(Environment.GetEnvironmentVariable("FLEET_TEST_RABBITMQ") ?? "amqp://fleet:fleet@127.0.0.1:55672");

    public static string RabbitMqUsername => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':', 2)[0]);

    public static string RabbitMqPassword => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':', 2)[1]);

    /// <summary>./fleet infra puts the management API on the AMQP port + 1 (55672 → 55673).</summary>
    public static Uri RabbitMqManagement { get; } =
        new(Environment.GetEnvironmentVariable("FLEET_TEST_RABBITMQ_MANAGEMENT") ?? $"http://{RabbitMq.Host}:{RabbitMq.Port + 1}/");

    /// <summary>The repository root: the first folder above the test binaries that holds Fleet.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>"$FLEET_RABBITMQCTL" stop_app</c> / <c>start_app</c>: a broker outage on demand.</summary>
    public static string RabbitMqCtl { get; } =
        Environment.GetEnvironmentVariable("FLEET_RABBITMQCTL") ?? Path.Combine(RepositoryRoot, "tools", "fleet", "rabbitmqctl");

    /// <summary><c>$FLEET_CLI infra rabbitmq-start-app</c> waits until AMQP and the management API are back.</summary>
    public static string FleetCli { get; } =
        Environment.GetEnvironmentVariable("FLEET_CLI") ?? Path.Combine(RepositoryRoot, "fleet");

    /// <summary>The test assembly's build configuration (bin/&lt;Config&gt;/net10.0/), so the processes run the same build.</summary>
    public static string BuildConfiguration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>The dotnet host that runs the Fleet processes: the one running these tests when the CLI says so.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
    }
}
