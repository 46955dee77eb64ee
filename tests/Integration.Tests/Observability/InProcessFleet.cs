extern alias scheduler;

using System.Globalization;
using System.Net.Http.Headers;
using Fleet.Integration.Tests.Infrastructure;
using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Serilog.Core;
using scheduler::Fleet.Scheduler.Composition;

namespace Fleet.Integration.Tests.Observability;

/// <summary>
/// A whole fleet inside the test process, so one in-memory exporter sees every span: the Api (its real Program,
/// through <see cref="WebApplicationFactory{TEntryPoint}"/>), the Scheduler's control plane and a noop worker, each
/// composed as its Program.cs composes it. It has a database and a virtual host of its own, so the shared fleet's
/// processes never take its messages and its relay never takes theirs.
/// </summary>
public sealed class InProcessFleet : IAsyncLifetime
{
    private readonly string runId = $"{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..20];
    private readonly RabbitMqManagement broker = new();
    private readonly List<IHost> hosts = [];
    private WebApplicationFactory<Program>? api;
    private TestDatabase? database;

    /// <summary>Every span any of the three hosts ended. The Api's tracer provider exports them all: listeners are per process.</summary>
    public ExportedSpanCollection Spans { get; } = new();

    /// <summary>The worker's log events.</summary>
    public CapturedLogs WorkerLogs { get; } = new();

    public string AdminKey { get; } = "fleet-trace-admin-" + Guid.NewGuid().ToString("N");

    public JobsClient Jobs { get; private set; } = null!;

    private string VirtualHost => "fleet-trace-" + runId;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        database = await TestDatabase.CreateAsync("fleet_trace_" + runId, cancellationToken);
        await broker.CreateVirtualHostAsync(VirtualHost, cancellationToken);

        // The Scheduler first: it migrates the database and declares the state machine's queue.
        await StartHostAsync("scheduler", builder => builder.AddControlPlane(), cancellationToken);
        await StartHostAsync("worker", builder =>
        {
            builder.Services.AddSingleton<ILogEventSink>(WorkerLogs);
            builder.AddJobWorker();
        }, cancellationToken);

        api = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings("api")))
            .ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Jobs = new JobsClient(client, () => "in-process fleet: its hosts' lines are in this test's captured output");
    }

    private async Task StartHostAsync(string name, Action<IHostApplicationBuilder> compose, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, ApplicationName = "Fleet." + name });
        builder.Configuration.AddInMemoryCollection(Settings(name));
        builder.AddServiceDefaults();
        builder.AddFleetDatabase();
        compose(builder);
        var host = builder.Build();
        hosts.Add(host);
        await host.StartAsync(cancellationToken);
    }

    private Dictionary<string, string?> Settings(string name) => new()
    {
        ["ConnectionStrings:Fleet"] = database!.ConnectionString,
        ["RabbitMq:Host"] = TestServers.RabbitMq.Host,
        ["RabbitMq:Port"] = TestServers.RabbitMq.Port.ToString(CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = VirtualHost,
        ["RabbitMq:Username"] = TestServers.RabbitMqUsername,
        ["RabbitMq:Password"] = TestServers.RabbitMqPassword,
        ["RabbitMq:ConsumerStopTimeoutSeconds"] = "3",
        ["Auth:BootstrapAdminKey"] = AdminKey,
        ["Worker:Id"] = $"{name}-{runId}",
    };

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            Jobs?.Client.Dispose();
            await api.DisposeAsync();
        }
        foreach (var host in Enumerable.Reverse(hosts))
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        await broker.DeleteVirtualHostAsync(VirtualHost, CancellationToken.None);
        broker.Dispose();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
