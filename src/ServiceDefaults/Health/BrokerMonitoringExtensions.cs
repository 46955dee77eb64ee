using Fleet.Contracts.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.ServiceDefaults.Health;

public static class BrokerMonitoringExtensions
{
    /// <summary>
    /// When <c>RabbitMq:ManagementUrl</c> is set: polls queue depths and consumers (<see cref="BrokerQueuePoller"/>)
    /// and, with <paramref name="gateReadinessOnWorkers"/>, makes /health/ready wait for a worker of each
    /// <c>WorkerPresence:RequiredJobTypes</c>. Without the setting the poller does nothing and the check says so.
    /// </summary>
    public static IHostApplicationBuilder AddBrokerMonitoring(this IHostApplicationBuilder builder, bool gateReadinessOnWorkers)
    {
        builder.Services.AddOptions<WorkerPresenceOptions>()
            .BindConfiguration(WorkerPresenceOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.RequiredJobTypeList.All(JobTypes.All.Contains),
                $"WorkerPresence:RequiredJobTypes may only name job types ({string.Join(", ", JobTypes.All)}).")
            .ValidateOnStart();
        builder.Services.AddSingleton<BrokerQueueSnapshot>();
        builder.Services.AddHttpClient<BrokerQueuePoller>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BrokerQueuePoller>());
        var check = builder.Services.AddHealthChecks();
        check.AddCheck<WorkerPresenceHealthCheck>(WorkerPresenceHealthCheck.Name,
            tags: gateReadinessOnWorkers ? [ServiceDefaultsExtensions.ReadyTag] : []);
        return builder;
    }
}
