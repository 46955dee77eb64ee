using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fleet.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fleet.Integration.Tests;

/// <summary>
/// The fleet every integration test shares, built once per run (STYLE.md §4): a fresh PostgreSQL database and RabbitMQ
/// virtual host, the Scheduler and two workers (Workers.Llm, Workers.Rl) as OS processes built in the same
/// configuration as this assembly, and the Api in-process through <see cref="WebApplicationFactory{TEntryPoint}"/>.
/// Tests that take a part of it down leave the repair to <see cref="EnsureFleetUpAsync"/>, which runs before each test.
/// </summary>
public sealed class FleetServers : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly Dictionary<FleetRole, FleetProcess> current = [];
    private readonly List<FleetProcess> started = [];
    private readonly Dictionary<FleetRole, int> instances = [];
    private readonly string runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..27];
    private WebApplicationFactory<Program>? api;
    private TestDatabase? database;

    public FleetServers()
    {
        LogDirectory = Path.Combine(AppContext.BaseDirectory, "fleet-logs", runId);
    }

    /// <summary>Jobs of one type (and priority class) each worker process runs at once.</summary>
    public const int WorkerSlotsPerType = 32;

    /// <summary>The bootstrap admin key: tenant "default", every scope.</summary>
    public string AdminKey { get; } = "fleet-it-admin-" + Guid.NewGuid().ToString("N");

    public string VirtualHost => "fleet-it-" + runId;

    /// <summary>Where this run's Scheduler writes backups (Backup:Root).</summary>
    public string BackupRoot => Path.Combine(LogDirectory, "backups");

    /// <summary>Where each process writes its stdout and stderr.</summary>
    public string LogDirectory { get; }

    public TestDatabase Database => database ?? throw new InvalidOperationException("The fleet has not started.");

    /// <summary>The generated LLM fixture model (tools/llm-fixture) Workers.Llm serves and the Api counts prompts with.</summary>
    public string LlmModelFolder => Path.Combine(Path.GetTempPath(), "fleet-it-llm-" + runId);

    public RabbitMqManagement Broker { get; } = new();

    /// <summary>The Api, authenticated with <see cref="AdminKey"/>.</summary>
    public HttpClient Client { get; private set; } = null!;

    public JobsClient Jobs { get; private set; } = null!;

    public FleetProcess Scheduler => current[FleetRole.Scheduler];

    public IReadOnlyList<FleetProcess> Workers => [current[FleetRole.WorkerLlm], current[FleetRole.WorkerRl]];

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartFleetAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // Never leave processes, a database or a virtual host behind when the fleet cannot start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartFleetAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(LogDirectory);
        // A long context, so a generation lasts long enough to be cancelled midway.
        Fleet.LlmFixture.FixtureModelWriter.Write(new Fleet.LlmFixture.FixtureModelSpec { Context = 2048 }, LlmModelFolder);
        database = await TestDatabase.CreateAsync("fleet_it_" + runId, cancellationToken);
        await Broker.CreateVirtualHostAsync(VirtualHost, cancellationToken);
        foreach (var role in FleetRole.All)
        {
            Launch(role);
        }
        await Task.WhenAll(current.Values.Select(p => p.WaitUntilReadyAsync(ReadyTimeout, cancellationToken)));

        api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Fleet", database.ConnectionString);
            web.UseSetting("RabbitMq:Host", TestServers.RabbitMq.Host);
            web.UseSetting("RabbitMq:Port", TestServers.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("RabbitMq:VirtualHost", VirtualHost);
            web.UseSetting("RabbitMq:Username", TestServers.RabbitMqUsername);
            web.UseSetting("RabbitMq:Password", TestServers.RabbitMqPassword);
            web.UseSetting("Auth:BootstrapAdminKey", AdminKey);
            web.UseSetting("Jobs:LlmModelPath", LlmModelFolder);
            // Shorter than the broker outage a test stages (stop_app to start_app takes seconds), so the relay's
            // publish fails and is retried rather than merely waiting out the outage.
            web.UseSetting("Outbox:PublishTimeoutMs", "1000");
        });
        Client = CreateClient(AdminKey);
        Jobs = new JobsClient(Client, DescribeProcesses);
        await WaitUntilApiReadyAsync(cancellationToken);
    }

    /// <summary>An Api client presenting <paramref name="apiKey"/> as a bearer token, or anonymous when null.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = api!.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    /// <summary>
    /// Puts back whatever an earlier test took down (the broker, a killed worker, a stopped Scheduler) and waits until
    /// every process and the Api are ready again, so no test depends on how the one before it ended.
    /// </summary>
    /// <summary>A client whose key belongs to <paramref name="tenant"/>, with every jobs scope but admin.</summary>
    public async Task<HttpClient> CreateTenantClientAsync(string tenant, CancellationToken cancellationToken)
    {
        var key = $"{tenant}-key-{Guid.NewGuid():N}";
        await Database.ExecuteAsync(
            "INSERT INTO api_keys (id, key_hash, tenant_id, scopes, name) VALUES ($1, $2, $3, $4, 'integration test')",
            [Guid.NewGuid(), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), tenant, new[] { "jobs:submit", "jobs:read", "jobs:cancel" }],
            cancellationToken);
        return CreateClient(key);
    }

    public async Task EnsureFleetUpAsync(CancellationToken cancellationToken)
    {
        if (!await Database.IsReachableAsync(cancellationToken))
        {
            await ExternalTool.RunAsync(TestServers.FleetCli, ["infra", "postgres-start"], cancellationToken);
        }
        if (!await Broker.IsRunningAsync(cancellationToken))
        {
            await StartBrokerAsync(cancellationToken);
        }
        foreach (var role in FleetRole.All.Where(r => current[r].HasExited))
        {
            Launch(role);
        }
        await Task.WhenAll(current.Values.Select(p => p.WaitUntilReadyAsync(ReadyTimeout, cancellationToken)));
        await WaitUntilApiReadyAsync(cancellationToken);
    }

    /// <summary>Starts a new process of <paramref name="role"/> in place of the current one and waits until it is ready.</summary>
    public async Task<FleetProcess> StartAsync(FleetRole role, CancellationToken cancellationToken)
    {
        var process = Launch(role);
        await process.WaitUntilReadyAsync(ReadyTimeout, cancellationToken);
        return process;
    }

    /// <summary>A broker outage: <c>rabbitmqctl stop_app</c>. Every later test's repair starts it again.</summary>
    public static Task StopBrokerAsync(CancellationToken cancellationToken) =>
        ExternalTool.RunAsync(TestServers.RabbitMqCtl, ["stop_app"], cancellationToken);

    /// <summary>Starts the broker's application and waits until AMQP and the management API answer.</summary>
    public static Task StartBrokerAsync(CancellationToken cancellationToken) =>
        ExternalTool.RunAsync(TestServers.FleetCli, ["infra", "rabbitmq-start-app"], cancellationToken);

    /// <summary>Waits until nothing is queued in or held from <paramref name="queue"/> of this run's virtual host.</summary>
    public Task<QueueDepth> WaitUntilQueueEmptyAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            () => QueueDepth.ReadAsync(VirtualHost, queue, cancellationToken),
            depth => depth.IsEmpty,
            $"queue {queue} to hold no messages, ready or unacknowledged\n{DescribeProcesses()}",
            timeout,
            cancellationToken);

    /// <summary>Every process started in this run and its log, for failure messages.</summary>
    public string DescribeProcesses()
    {
        var text = new StringBuilder("Process logs (the in-process Api's lines are in this test's captured output):");
        foreach (var process in started)
        {
            text.Append($"\n  {process.Name} ({(process.HasExited ? "exited" : "running")}): {process.LogPath}");
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // The broker is shared with everything else on this machine: never leave it stopped.
        if (!await Broker.IsRunningAsync(CancellationToken.None))
        {
            await StartBrokerAsync(CancellationToken.None);
        }
        if (api is not null)
        {
            Client?.Dispose();
            await api.DisposeAsync();
        }
        foreach (var process in started)
        {
            await process.DisposeAsync();
        }
        await Broker.DeleteVirtualHostAsync(VirtualHost, CancellationToken.None);
        Broker.Dispose();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
        if (Directory.Exists(LlmModelFolder))
        {
            Directory.Delete(LlmModelFolder, recursive: true);
        }
    }

    private FleetProcess Launch(FleetRole role)
    {
        var instance = instances[role] = instances.GetValueOrDefault(role) + 1;
        var name = $"{role.Name}-{instance}";
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = Database.ConnectionString,
            ["RabbitMq__Host"] = TestServers.RabbitMq.Host,
            ["RabbitMq__Port"] = TestServers.RabbitMq.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq__VirtualHost"] = VirtualHost,
            ["RabbitMq__Username"] = TestServers.RabbitMqUsername,
            ["RabbitMq__Password"] = TestServers.RabbitMqPassword,
            ["Worker__Id"] = name,
            // A short drain window keeps the drain test quick; production keeps the 15 s default.
            ["RabbitMq__ConsumerStopTimeoutSeconds"] = "3",
            // Retry back-off of the job state machine: short, so retry tests take a second, not ten.
            ["JobState__FirstRetryDelayMs"] = "200",
            // Lost workers are found in seconds (LostWorkerTests), with heartbeats well inside that window.
            ["JobState__LostAfterSeconds"] = "10",
            ["Worker__HeartbeatSeconds"] = "2",
            // Few slots, so a backlog (the priority test) is cheap to build; the tests never need more at once.
            ["Worker__ConcurrencyPerType"] = FleetServers.WorkerSlotsPerType.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The daily backup must not fire into a run; backup tests submit backup.run themselves.
            ["Schedules__Backup__Cron"] = "off",
            ["Backup__Root"] = BackupRoot,
            ["Dashboard__RabbitMqManagementUrl"] = TestServers.RabbitMqManagement.ToString(),
            ["Llm__ModelPath"] = LlmModelFolder,
            ["Llm__IntraOpThreads"] = "1",
            ["Ingestion__Sources__0"] = Path.Combine(TestServers.RepositoryRoot, "samples", "corpus"),
        };
        var process = FleetProcess.Start(role, name, environment, LogDirectory);
        current[role] = process;
        started.Add(process);
        return process;
    }

    private async Task WaitUntilApiReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        while (true)
        {
            using var response = await Client.GetAsync("/health/ready", cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The Api was not ready within {ReadyTimeout.TotalSeconds:0} s (last: HTTP {(int)response.StatusCode}).");
            }
            await Task.Delay(200, cancellationToken);
        }
    }
}
