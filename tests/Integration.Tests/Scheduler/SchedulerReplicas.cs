using System.Globalization;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Scheduler;

/// <summary>
/// Scheduler processes of a test's own, beside the shared fleet: a database and virtual host of their own (so their
/// Hangfire servers and schedules meet nothing else), the given settings, gone when disposed.
/// </summary>
public sealed class SchedulerReplicas : IAsyncDisposable
{
    private readonly List<FleetProcess> processes = [];
    private readonly string logDirectory;

    private SchedulerReplicas(TestDatabase database, string virtualHost, string logDirectory)
    {
        Database = database;
        VirtualHost = virtualHost;
        this.logDirectory = logDirectory;
    }

    public TestDatabase Database { get; }

    public string VirtualHost { get; }

    public IReadOnlyList<FleetProcess> Processes => processes;

    public static async Task<SchedulerReplicas> StartAsync(
        FleetServers fleet, int count, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var database = await TestDatabase.CreateAsync("fleet_it_sched_" + id, cancellationToken);
        var virtualHost = fleet.VirtualHost + "-sched-" + id;
        await fleet.Broker.CreateVirtualHostAsync(virtualHost, cancellationToken);
        var replicas = new SchedulerReplicas(database, virtualHost, fleet.LogDirectory);
        for (var i = 1; i <= count; i++)
        {
            var environment = new Dictionary<string, string>(settings)
            {
                ["ConnectionStrings__Fleet"] = database.ConnectionString,
                ["RabbitMq__Host"] = TestServers.RabbitMq.Host,
                ["RabbitMq__Port"] = TestServers.RabbitMq.Port.ToString(CultureInfo.InvariantCulture),
                ["RabbitMq__VirtualHost"] = virtualHost,
                ["RabbitMq__Username"] = TestServers.RabbitMqUsername,
                ["RabbitMq__Password"] = TestServers.RabbitMqPassword,
                ["RabbitMq__ConsumerStopTimeoutSeconds"] = "3",
            };
            replicas.processes.Add(FleetProcess.Start(FleetRole.Scheduler, $"scheduler-{id}-{i}", environment, replicas.logDirectory));
        }
        await Task.WhenAll(replicas.processes.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), cancellationToken)));
        return replicas;
    }

    public string Describe() => string.Join("\n", processes.Select(p => $"  {p.Name} ({(p.HasExited ? "exited" : "running")}): {p.LogPath}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
        using var broker = new RabbitMqManagement();
        await broker.DeleteVirtualHostAsync(VirtualHost, CancellationToken.None);
        await Database.DisposeAsync();
    }
}
