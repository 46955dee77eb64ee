using MassTransit.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fleet.ServiceDefaults.Tracing;

public static class TracingExtensions
{
    /// <summary>
    /// OpenTelemetry tracing for this process, named after it (<c>Fleet.Api</c>, <c>Fleet.Scheduler</c>, ...): incoming
    /// HTTP requests (probes and scrapes left out), MassTransit's send, receive, consume and saga spans, Fleet's own
    /// (<see cref="FleetActivitySource"/>), and PostgreSQL commands run inside one of those. Spans are exported over
    /// OTLP only when <see cref="OtlpEndpoint"/> is set; an invalid endpoint stops the process here.
    /// </summary>
    public static IHostApplicationBuilder AddFleetTracing(this IHostApplicationBuilder builder)
    {
        var endpoint = OtlpEndpoint.From(builder.Configuration);
        // The specification's switch: OTEL_SDK_DISABLED=true turns tracing off (no spans made, nothing exported).
        if (string.Equals(builder.Configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new OrphanClientSpanSampler()))
                    .AddSource(FleetActivitySource.Name)
                    .AddSource(DiagnosticHeaders.DefaultListenerName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = IsTraced)
                    .AddNpgsql();
                if (endpoint is not null)
                {
                    // Reads the endpoint and the other OTEL_EXPORTER_OTLP_* settings from configuration itself.
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    // Probes and scrapes every few seconds would each make a trace of their own and bury the jobs' traces.
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics");
}
