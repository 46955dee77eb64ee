using Npgsql;

namespace Fleet.Bench;

/// <summary>
/// Where the servers are. Environment variables win; the defaults are the local fleet's loopback servers
/// (<c>./fleet infra up</c>), and the Fleet API's URL and key come from <c>.fleet/env</c>, which <c>./fleet up</c> writes.
/// </summary>
public sealed class BenchEnvironment
{
    private const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Database=fleet;Username=fleet;Password=fleet";
    private const string DefaultRabbitMq = "amqp://fleet:fleet@127.0.0.1:55672/";

    private BenchEnvironment(string repoRoot, IReadOnlyDictionary<string, string> fleetEnvFile)
    {
        RepoRoot = repoRoot;
        FleetPostgres = Variable("FLEET_BENCH_POSTGRES") ?? DefaultPostgres;
        RabbitMq = new Uri(Variable("FLEET_BENCH_RABBITMQ") ?? DefaultRabbitMq);
        FleetUrl = Variable("FLEET_URL") ?? fleetEnvFile.GetValueOrDefault("FLEET_URL");
        FleetApiKey = Variable("FLEET_API_KEY") ?? fleetEnvFile.GetValueOrDefault("FLEET_API_KEY");
        ResultsDirectory = Variable("FLEET_BENCH_RESULTS") ?? Path.Combine(repoRoot, "bench", "results");
    }

    public string RepoRoot { get; }

    /// <summary>The Fleet database: job rows are read here to see completions without 20,000 GETs.</summary>
    public string FleetPostgres { get; }

    /// <summary>amqp://user:password@host:port/vhost of the broker the fleet uses; the raw bus peer runs over it too.</summary>
    public Uri RabbitMq { get; }

    public string? FleetUrl { get; }

    public string? FleetApiKey { get; }

    public string ResultsDirectory { get; }

    public string RabbitMqUser => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':')[0]);

    public string RabbitMqPassword => Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':', 2) is [_, var p] ? p : "");

    public string RabbitMqVirtualHost =>
        RabbitMq.AbsolutePath.Length <= 1 ? "/" : Uri.UnescapeDataString(RabbitMq.AbsolutePath[1..]);

    /// <summary>The same PostgreSQL server as the fleet's, another database (so the peers never share tables).</summary>
    public string PostgresDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(FleetPostgres) { Database = database }.ConnectionString;

    public static BenchEnvironment Load()
    {
        var root = FindRepoRoot();
        var envFile = Path.Combine(root, ".fleet", "env");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(envFile))
        {
            foreach (var line in File.ReadAllLines(envFile))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && !line.TrimStart().StartsWith('#'))
                {
                    values[line[..eq].Trim()] = line[(eq + 1)..].Trim().Trim('"', '\'');
                }
            }
        }

        return new BenchEnvironment(root, values);
    }

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>The repo root holds bench/Fleet.Bench; the binary runs from bench/Fleet.Bench/bin/..., or from anywhere via dotnet.</summary>
    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "bench", "Fleet.Bench", "Fleet.Bench.csproj")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
