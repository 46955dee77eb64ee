using System.Net;
using System.Text;
using Fleet.Integration.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Fleet.Integration.Tests.Observability;

public sealed class SecretRedactionTests(FleetServers fleet) : IAsyncLifetime
{
    private readonly CapturedLogs logs = new();
    private ConfiguredApi? api;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fleet.EnsureFleetUpAsync(Cancellation);
        // Everything at Verbose, framework included: if any component logged a header, it would show here.
        api = new ConfiguredApi(fleet, new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
            ["Serilog:MinimumLevel:Override:System"] = "Verbose",
        }, services: services => services.AddSingleton<ILogEventSink>(logs));
    }

    [Fact]
    public async Task No_api_key_appears_in_any_log_line_even_at_verbose()
    {
        var (_, key) = await ApiKeysClient.CreateAsync(fleet.Client, ApiKeysClient.NewTenant("secret"), ["jobs:submit", "jobs:read"], Cancellation);
        var unknownKey = "fleet_unknown_" + Guid.NewGuid().ToString("N");
        using var client = api!.CreateClient(key);
        using var stranger = api.CreateClient(unknownKey);
        using var admin = api.CreateClient(fleet.AdminKey);

        using var submit = await client.PostAsync("/v1/jobs", new StringContent("""{"type":"noop","input":{}}""", Encoding.UTF8, "application/json"), Cancellation);
        using var invalid = await client.PostAsync("/v1/jobs", new StringContent("""{"type":"nope","input":{}}""", Encoding.UTF8, "application/json"), Cancellation);
        using var refused = await stranger.GetAsync("/v1/jobs", Cancellation);
        using var forbidden = await client.GetAsync("/v1/keys", Cancellation);
        using var created = await admin.PostAsync("/v1/keys", new StringContent("""{"tenant":"x","scopes":["jobs:read"]}""", Encoding.UTF8, "application/json"), Cancellation);
        var createdKey = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var lines = logs.AsJsonLines();
        Assert.True(logs.Events.Count > 20, $"only {logs.Events.Count} events were captured: the sink is not wired");
        Assert.DoesNotContain(key, lines, StringComparison.Ordinal);
        Assert.DoesNotContain(unknownKey, lines, StringComparison.Ordinal);
        Assert.DoesNotContain(fleet.AdminKey, lines, StringComparison.Ordinal);
        Assert.DoesNotContain(createdKey, lines, StringComparison.Ordinal);
        Assert.DoesNotContain(createdKey[6..20], lines, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
    }
}
