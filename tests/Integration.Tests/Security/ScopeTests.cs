using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Security;

public sealed class ScopeTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task A_read_only_key_cannot_submit_cancel_or_see_operator_endpoints()
    {
        var jobsBefore = await Fleet.Database.JobCountAsync(Cancellation);
        var (_, key) = await ApiKeysClient.CreateAsync(Fleet.Client, ApiKeysClient.NewTenant("reader"), ["jobs:read"], Cancellation);
        using var reader = Fleet.CreateClient(key);

        using var submit = await reader.PostAsync("/v1/jobs", new StringContent("""{"type":"noop","input":{}}""", Encoding.UTF8, "application/json"), Cancellation);
        using var cancel = await reader.PostAsync($"/v1/jobs/{Guid.NewGuid()}/cancel", null, Cancellation);
        using var detailed = await reader.GetAsync("/health/detailed", Cancellation);
        using var metrics = await reader.GetAsync("/metrics", Cancellation);
        using var list = await reader.GetAsync("/v1/jobs", Cancellation);

        await ProblemAssert.ReadAsync(submit, HttpStatusCode.Forbidden, Cancellation);
        await ProblemAssert.ReadAsync(cancel, HttpStatusCode.Forbidden, Cancellation);
        await ProblemAssert.ReadAsync(detailed, HttpStatusCode.Forbidden, Cancellation);
        await ProblemAssert.ReadAsync(metrics, HttpStatusCode.Forbidden, Cancellation);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(jobsBefore, await Fleet.Database.JobCountAsync(Cancellation));
    }

    [Theory]
    [InlineData("GET", "/health/detailed")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/scalar")]
    [InlineData("GET", "/v1/keys")]
    [InlineData("GET", "/v1/jobs/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/v1/jobs/00000000-0000-0000-0000-000000000001/events")]
    [InlineData("POST", "/v1/jobs/00000000-0000-0000-0000-000000000001/retry")]
    [InlineData("GET", "/no/such/route")]
    public async Task Every_endpoint_but_the_probes_refuses_anonymous_callers(string method, string path)
    {
        using var anonymous = Fleet.CreateClient(apiKey: null);

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancellation);

        await ProblemAssert.ReadAsync(response, HttpStatusCode.Unauthorized, Cancellation);
    }

    [Fact]
    public async Task Probes_answer_anonymous_callers_and_reveal_nothing()
    {
        using var anonymous = Fleet.CreateClient(apiKey: null);

        using var live = await anonymous.GetAsync("/health/live", Cancellation);
        using var ready = await anonymous.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Admin_sees_each_dependency_with_status_and_latency()
    {
        using var response = await Fleet.Client.GetAsync("/health/detailed", Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var postgres = body.GetProperty("checks").GetProperty("postgresql");
        Assert.Equal("Healthy", postgres.GetProperty("status").GetString());
        Assert.True(postgres.GetProperty("durationMs").GetDouble() >= 0);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
    }
}
