using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Security;

public sealed class ApiKeysTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Created_key_works_is_listed_without_its_secret_and_stops_working_when_revoked()
    {
        var tenant = ApiKeysClient.NewTenant("keys");
        var (id, key) = await ApiKeysClient.CreateAsync(Fleet.Client, tenant, ["jobs:read"], Cancellation);
        using var client = Fleet.CreateClient(key);

        using var before = await client.GetAsync("/v1/jobs", Cancellation);
        var listed = await Fleet.Client.GetFromJsonAsync<JsonElement>($"/v1/keys?tenant={tenant}", Cancellation);
        using var revoke = await Fleet.Client.DeleteAsync($"/v1/keys/{id}", Cancellation);
        using var after = await client.GetAsync("/v1/jobs", Cancellation);
        var listedAfter = await Fleet.Client.GetFromJsonAsync<JsonElement>($"/v1/keys?tenant={tenant}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal(["jobs:read"], item.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.False(item.TryGetProperty("key", out _));
        Assert.DoesNotContain(key, listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, listedAfter.GetProperty("items")[0].GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Revocation_reaches_another_replica_within_its_key_cache_time()
    {
        var (id, key) = await ApiKeysClient.CreateAsync(Fleet.Client, ApiKeysClient.NewTenant("replica"), ["jobs:read"], Cancellation);
        await using var replica = new ConfiguredApi(Fleet, new Dictionary<string, string?>());
        using var client = replica.CreateClient(key);
        using var cached = await client.GetAsync("/v1/jobs", Cancellation);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);

        using var revoke = await Fleet.Client.DeleteAsync($"/v1/keys/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        // The replica trusts its cached lookup for Auth:KeyCacheDuration (5 s), then reads the revocation.
        await Poll.UntilAsync(
            async () => (await client.GetAsync("/v1/jobs", Cancellation)).StatusCode,
            status => status == HttpStatusCode.Unauthorized,
            "the revoked key to be refused by the other replica",
            TimeSpan.FromSeconds(8),
            Cancellation);
    }

    [Fact]
    public async Task Invalid_key_requests_are_400_naming_each_field()
    {
        using var response = await Fleet.Client.PostAsJsonAsync("/v1/keys", new { tenant = "../etc", scopes = new[] { "jobs:read", "root" }, name = "" }, Cancellation);

        var problem = await ProblemAssert.ReadAsync(response, HttpStatusCode.BadRequest, Cancellation);
        var errors = problem.GetProperty("errors");
        Assert.Contains("tenant", errors.GetProperty("tenant")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'root'", errors.GetProperty("scopes")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Unknown_key_id_is_404_to_revoke()
    {
        using var response = await Fleet.Client.DeleteAsync($"/v1/keys/{Guid.NewGuid()}", Cancellation);

        await ProblemAssert.ReadAsync(response, HttpStatusCode.NotFound, Cancellation);
    }

    [Fact]
    public async Task Managing_keys_needs_the_admin_scope()
    {
        using var tenantClient = await Fleet.CreateTenantClientAsync(ApiKeysClient.NewTenant("nokeys"), Cancellation);
        using var anonymous = Fleet.CreateClient(apiKey: null);

        using var create = await tenantClient.PostAsJsonAsync("/v1/keys", new { tenant = "x", scopes = new[] { "admin" } }, Cancellation);
        using var list = await tenantClient.GetAsync("/v1/keys", Cancellation);
        using var anonymousList = await anonymous.GetAsync("/v1/keys", Cancellation);

        await ProblemAssert.ReadAsync(create, HttpStatusCode.Forbidden, Cancellation);
        await ProblemAssert.ReadAsync(list, HttpStatusCode.Forbidden, Cancellation);
        await ProblemAssert.ReadAsync(anonymousList, HttpStatusCode.Unauthorized, Cancellation);
    }
}
