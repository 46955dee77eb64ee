using Microsoft.Extensions.Options;

namespace Fleet.Integration.Tests.Security;

public sealed class ProductionSecretsTests(FleetServers fleet)
{
    [Theory]
    [InlineData("Auth:BootstrapAdminKey", "fleet-dev-admin-key", "Auth:BootstrapAdminKey is a well-known development value")]
    [InlineData("Auth:BootstrapAdminKey", "short-key", "Auth:BootstrapAdminKey must be at least 32 characters in production")]
    [InlineData("Auth:Jwt:SigningKey", "fleet-development-signing-key-not-for-production-use", "Auth:Jwt:SigningKey is a well-known development value")]
    [InlineData("RabbitMq:Password", "guest", "RabbitMq:Password is empty or a well-known default")]
    public async Task The_production_profile_refuses_to_start_with_a_default_or_weak_secret(string setting, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:BootstrapAdminKey"] = "production-bootstrap-key-" + Guid.NewGuid().ToString("N"),
            ["Auth:Jwt:Issuer"] = "https://idp.example.test/",
            ["Auth:Jwt:Audience"] = "fleet-api",
            // The validation stops the host before it connects anywhere, so a password the broker would refuse is fine.
            ["RabbitMq:Password"] = "not-a-default-" + Guid.NewGuid().ToString("N"),
            [setting] = value,
        };
        await using var api = new ConfiguredApi(fleet, settings, environment: "Production");

        var failure = Assert.Throws<OptionsValidationException>(() => api.CreateClient(null));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_profile_starts_with_the_local_fleets_defaults()
    {
        await using var api = new ConfiguredApi(fleet, new Dictionary<string, string?> { ["RabbitMq:Password"] = "fleet" }, environment: "Development");

        using var client = api.CreateClient(null);
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
    }
}
