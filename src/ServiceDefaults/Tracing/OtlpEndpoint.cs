using Microsoft.Extensions.Configuration;

namespace Fleet.ServiceDefaults.Tracing;

/// <summary>
/// Where a process sends its traces: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (an environment variable or a
/// configuration key), so the exporter's other standard settings (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>) apply as documented. Unset, nothing is exported.
/// </summary>
public static class OtlpEndpoint
{
    public const string Key = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The configured endpoint, or null when none is set.</summary>
    /// <exception cref="InvalidOperationException">It is set but is not an absolute http or https URI.</exception>
    public static Uri? From(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        // "collector:4317" parses as an absolute URI with scheme "collector": only http(s) reaches a collector.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{Key} must be an absolute http or https URI (for example http://otel-collector:4317), not '{text}'.");
        }
        return endpoint;
    }
}
