using Fleet.ServiceDefaults.Tracing;
using Microsoft.Extensions.Configuration;

namespace Fleet.Api.Tests.Tracing;

public sealed class OtlpEndpointTests
{
    [Fact]
    public void Unset_or_blank_means_no_export()
    {
        Assert.Null(OtlpEndpoint.From(Configuration(null)));
        Assert.Null(OtlpEndpoint.From(Configuration("  ")));
    }

    [Theory]
    [InlineData("http://otel-collector:4317")]
    [InlineData("https://otlp.example.com:4318/")]
    public void An_absolute_http_or_https_uri_is_the_endpoint(string value) =>
        Assert.Equal(new Uri(value), OtlpEndpoint.From(Configuration(value)));

    [Theory]
    [InlineData("otel-collector:4317")]
    [InlineData("/v1/traces")]
    [InlineData("grpc://otel-collector:4317")]
    public void Anything_else_stops_the_process_with_the_setting_named(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => OtlpEndpoint.From(Configuration(value)));
        Assert.Contains(OtlpEndpoint.Key, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? endpoint) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OtlpEndpoint.Key] = endpoint }).Build();
}
