using System.Net;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Security;

public sealed class RateLimitTests(FleetServers fleet) : IAsyncLifetime
{
    private ConfiguredApi? api;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fleet.EnsureFleetUpAsync(Cancellation);
        // A burst of three, refilled once a minute: the fourth request in a row is over the limit, however slow the machine.
        api = new ConfiguredApi(fleet, new Dictionary<string, string?>
        {
            ["RateLimits:PermitsPerSecond"] = "1",
            ["RateLimits:ReplenishmentPeriod"] = "00:01:00",
            ["RateLimits:Burst"] = "3",
            ["RateLimits:AnonymousBurst"] = "2",
        });
    }

    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_Retry_After_while_another_key_and_the_probes_are_unaffected()
    {
        var (_, busy) = await ApiKeysClient.CreateAsync(fleet.Client, ApiKeysClient.NewTenant("busy"), ["jobs:read"], Cancellation);
        var (_, quiet) = await ApiKeysClient.CreateAsync(fleet.Client, ApiKeysClient.NewTenant("quiet"), ["jobs:read"], Cancellation);
        using var busyClient = api!.CreateClient(busy);
        using var quietClient = api.CreateClient(quiet);
        using var anonymous = api.CreateClient(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await busyClient.GetAsync("/v1/jobs", Cancellation);
            statuses.Add(response.StatusCode);
        }
        using var limited = await busyClient.GetAsync("/v1/jobs", Cancellation);
        using var other = await quietClient.GetAsync("/v1/jobs", Cancellation);
        var probes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var probe = await anonymous.GetAsync("/health/live", Cancellation);
            probes.Add(probe.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var problem = await ProblemAssert.ReadAsync(limited, HttpStatusCode.TooManyRequests, Cancellation);
        Assert.Equal("https://fleet.dev/problems/rate-limited", problem.GetProperty("type").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
        var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.All(probes, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Anonymous_callers_guessing_keys_are_throttled_too()
    {
        using var guesser = api!.CreateClient("guess-" + Guid.NewGuid());

        using var first = await guesser.GetAsync("/v1/jobs", Cancellation);
        using var second = await guesser.GetAsync("/v1/jobs", Cancellation);
        using var third = await guesser.GetAsync("/v1/jobs", Cancellation);

        await ProblemAssert.ReadAsync(first, HttpStatusCode.Unauthorized, Cancellation);
        await ProblemAssert.ReadAsync(second, HttpStatusCode.Unauthorized, Cancellation);
        await ProblemAssert.ReadAsync(third, HttpStatusCode.TooManyRequests, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
    }
}
