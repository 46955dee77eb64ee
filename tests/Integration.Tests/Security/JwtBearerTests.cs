using System.Net;
using System.Security.Claims;
using System.Text;
using Fleet.Integration.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fleet.Integration.Tests.Security;

/// <summary>JWT bearer beside API keys: an Api replica configured with an issuer, audience and signing key.</summary>
public sealed class JwtBearerTests(FleetServers fleet) : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.test/";
    private const string Audience = "fleet-api";
    private const string SigningKey = "integration-test-signing-key-0123456789abcdef";

    private ConfiguredApi? api;

    private FleetServers Fleet => fleet;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fleet.EnsureFleetUpAsync(Cancellation);

    private ConfiguredApi Api => api ??= new ConfiguredApi(Fleet, new Dictionary<string, string?>
    {
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:SigningKey"] = SigningKey,
    });

    [Fact]
    public async Task A_token_with_tenant_and_scopes_submits_and_reads_its_tenants_jobs_only()
    {
        var tenant = ApiKeysClient.NewTenant("jwt");
        using var client = Api.CreateClient(Token(new() { ["tenant"] = tenant, ["scope"] = "jobs:submit jobs:read", ["sub"] = "ci-bot" }));
        using var otherTenant = Api.CreateClient(Token(new() { ["tenant"] = tenant + "-other", ["scope"] = "jobs:read" }));
        var jobs = new JobsClient(client, Fleet.DescribeProcesses);

        var job = await jobs.SubmitAsync(JobRequest.Noop(new { }), Cancellation);
        using var read = await client.GetAsync($"/v1/jobs/{job.Id}", Cancellation);
        using var otherRead = await otherTenant.GetAsync($"/v1/jobs/{job.Id}", Cancellation);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await ProblemAssert.ReadAsync(otherRead, HttpStatusCode.NotFound, Cancellation);
        Assert.Equal(tenant, await Fleet.Database.ScalarAsync<string>("SELECT tenant_id FROM jobs WHERE id = $1", [job.Id], Cancellation));
    }

    [Fact]
    public async Task A_token_lacking_the_scope_is_403()
    {
        using var client = Api.CreateClient(Token(new() { ["tenant"] = "t1", ["scope"] = "jobs:read" }));

        using var submit = await client.PostAsync("/v1/jobs", new StringContent("""{"type":"noop","input":{}}""", Encoding.UTF8, "application/json"), Cancellation);

        await ProblemAssert.ReadAsync(submit, HttpStatusCode.Forbidden, Cancellation);
    }

    [Fact]
    public async Task Forged_expired_foreign_or_tenantless_tokens_are_401()
    {
        var claims = new Dictionary<string, object> { ["tenant"] = "t1", ["scope"] = "jobs:read" };
        string[] refused =
        [
            Token(claims, key: "another-signing-key-of-sufficient-length-000"),
            Token(claims, expires: DateTime.UtcNow.AddMinutes(-5)),
            Token(claims, issuer: "https://evil.example.test/"),
            Token(claims, audience: "someone-else"),
            Token(new() { ["scope"] = "jobs:read" }),
        ];

        foreach (var token in refused)
        {
            using var client = Api.CreateClient(token);
            using var response = await client.GetAsync("/v1/jobs", Cancellation);
            await ProblemAssert.ReadAsync(response, HttpStatusCode.Unauthorized, Cancellation);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
    }

    private static string Token(
        Dictionary<string, object> claims, string key = SigningKey, DateTime? expires = null, string issuer = Issuer, string audience = Audience)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            IssuedAt = (expires ?? now.AddMinutes(10)).AddMinutes(-20),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
