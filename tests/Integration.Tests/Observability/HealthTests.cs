using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;
using Fleet.Integration.Tests.Security;

namespace Fleet.Integration.Tests.Observability;

/// <summary>An Api that reads the broker's management API: worker presence gates readiness, queue depths are metrics.</summary>
public sealed class HealthTests(FleetServers fleet) : IAsyncLifetime
{
    private ConfiguredApi? api;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fleet.EnsureFleetUpAsync(Cancellation);
        api = new ConfiguredApi(fleet, new Dictionary<string, string?>
        {
            ["RabbitMq:ManagementUrl"] = TestServers.RabbitMqManagement.ToString(),
            // The workers of this fleet serve noop; the other job types' workers are tested with their own processes.
            ["WorkerPresence:RequiredJobTypes"] = "noop",
            ["WorkerPresence:PollSeconds"] = "1",
        });
    }

    [Fact]
    public async Task Ready_once_a_worker_consumes_each_required_type_and_detailed_health_shows_it()
    {
        using var anonymous = api!.CreateClient(null);
        using var admin = api.CreateClient(fleet.AdminKey);

        await Poll.UntilAsync(
            async () => (await anonymous.GetAsync("/health/ready", Cancellation)).StatusCode,
            status => status == HttpStatusCode.OK,
            "/health/ready to answer 200 with the noop workers seen",
            TimeSpan.FromSeconds(15),
            Cancellation);
        var detailed = await admin.GetFromJsonAsync<JsonElement>("/health/detailed", Cancellation);

        var workers = detailed.GetProperty("checks").GetProperty("workers");
        Assert.Equal("Healthy", workers.GetProperty("status").GetString());
        // Both of the fleet's worker processes consume the noop queue.
        Assert.Equal(2, workers.GetProperty("data").GetProperty("noop").GetInt32());
        Assert.True(workers.GetProperty("durationMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task Queue_depth_and_consumers_of_each_job_queue_are_prometheus_gauges()
    {
        using var admin = api!.CreateClient(fleet.AdminKey);

        var text = await Poll.UntilAsync(
            () => admin.GetStringAsync("/metrics", Cancellation),
            body => body.Contains("queue_consumers{queue=\"fleet-jobs-noop\"} 2", StringComparison.Ordinal),
            "queue_consumers of the noop queue in /metrics",
            TimeSpan.FromSeconds(15),
            Cancellation,
            body => string.Join('\n', body.Split('\n').Where(l => l.StartsWith("queue_", StringComparison.Ordinal))));

        Assert.Contains("queue_size{queue=\"fleet-jobs-noop\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("queue_size{queue=\"fleet-jobs-llm-generate\"}", text, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
    }
}
