using Fleet.ServiceDefaults.Health;
using Fleet.ServiceDefaults.Metrics;
using Fleet.ServiceDefaults.Tracing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Fleet.ServiceDefaults;

/// <summary>What every Fleet process shares: JSON logs, traces, health probes and Prometheus metrics.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Health checks tagged with this gate /health/ready.</summary>
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // Framework chatter is off by default (the request pipeline alone wrote seven lines per submit, and console
        // writes are synchronous); a Serilog:MinimumLevel section in configuration overrides any of these.
        // preserveStaticLogger: each host logs through its own pipeline. Otherwise every host in one process (the
        // in-process fleets of the tests) writes through the static Log.Logger, i.e. the last host built.
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("MassTransit", LogEventLevel.Information)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Service", builder.Environment.ApplicationName)
            // Serilog stamps each event with Activity.Current's trace and span ids, which this formatter writes as
            // @tr and @sp: a job's log lines carry the trace id of the job's trace.
            .WriteTo.Console(new RenderedCompactJsonFormatter()));
        builder.AddFleetTracing();

        builder.Services.AddHealthChecks();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BackupMetrics>();
        builder.Services.AddSingleton<JobMetrics>();
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Above the bus's stop timeout (2 × RabbitMq:ConsumerStopTimeoutSeconds), so a drain is never cut short by the host.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<RabbitMqOptions>>((o, rabbit) =>
            o.ShutdownTimeout = TimeSpan.FromSeconds((2 * rabbit.Value.ConsumerStopTimeoutSeconds) + 15));
        return builder;
    }

    /// <param name="busGatesReadiness">
    /// Whether a lost broker connection makes the process unready. The Api passes false: its outbox keeps taking
    /// jobs through a broker outage, so it must stay in rotation.
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool busGatesReadiness = true)
    {
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        // A process with Fleet security (the Api, the Scheduler) protects what reveals its internals with the admin
        // policy; one without (a worker) serves HTTP only on its management port and has nothing to check keys with.
        var secured = app.Services.GetService<IOptions<AuthorizationOptions>>()?.Value.GetPolicy(AdminPolicy) is not null;

        app.UseHttpMetrics(HttpMetricNames.Configure);
        if (metrics.Port is { } port)
        {
            app.UseMetricServer(port);
        }
        // Liveness asks nothing of dependencies: a broker outage must not get the process restarted.
        // Probes reveal nothing but a status code, so they stay anonymous (DESIGN.md).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || (busGatesReadiness && check.Tags.Contains("masstransit")),
            ResultStatusCodes = NotReadyUnlessHealthy,
        }).AllowAnonymous();
        var detailed = app.MapHealthChecks("/health/detailed", new HealthCheckOptions
        {
            ResponseWriter = DetailedHealthWriter.WriteAsync,
            ResultStatusCodes = NotReadyUnlessHealthy,
        });
        Protect(detailed, secured);
        if (metrics.Port is null)
        {
            Protect(app.MapMetrics("/metrics"), secured && metrics.RequireAuth);
        }
        return app;
    }

    /// <summary>The policy (Fleet.Security's <c>Scopes.Admin</c>) that guards /health/detailed and /metrics.</summary>
    public const string AdminPolicy = "admin";

    // MassTransit reports a lost broker connection as Degraded: not ready to take work.
    private static Dictionary<HealthStatus, int> NotReadyUnlessHealthy => new()
    {
        [HealthStatus.Healthy] = StatusCodes.Status200OK,
        [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
        [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
    };

    private static void Protect(IEndpointConventionBuilder endpoint, bool requireAdmin)
    {
        if (requireAdmin)
        {
            endpoint.RequireAuthorization(AdminPolicy);
        }
        else
        {
            endpoint.AllowAnonymous();
        }
    }
}
