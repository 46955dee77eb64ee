using Fleet.Contracts.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Fleet.ServiceDefaults.Health;

/// <summary>
/// Healthy when every required job type's queue has had a consumer within the grace period, by the latest
/// management-API polls; unhealthy when a type has none, or when the polls themselves stopped working.
/// </summary>
public sealed class WorkerPresenceHealthCheck(
    BrokerQueueSnapshot snapshot, TimeProvider clock, IOptions<WorkerPresenceOptions> options, IOptions<RabbitMqOptions> rabbit) : IHealthCheck
{
    public const string Name = "workers";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(rabbit.Value.ManagementUrl))
        {
            return Task.FromResult(HealthCheckResult.Healthy("Not checked: RabbitMq:ManagementUrl is not set."));
        }
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var grace = TimeSpan.FromSeconds(settings.GraceSeconds);
        if (snapshot.LastSuccess is not { } polled || now - polled > TimeSpan.FromSeconds(3 * settings.PollSeconds) + grace)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The RabbitMQ management API has not answered recently; worker presence is unknown."));
        }
        var data = new Dictionary<string, object>();
        var missing = new List<string>();
        foreach (var type in settings.RequiredJobTypeList)
        {
            var state = snapshot.Find(JobQueues.ForType(type));
            data[type] = state?.Consumers ?? 0;
            if (state?.LastConsumerSeen is not { } seen || now - seen > grace)
            {
                missing.Add(type);
            }
        }
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy($"Every required job type has a worker ({data.Count} types).", data)
            : HealthCheckResult.Unhealthy($"No worker seen within {settings.GraceSeconds} s for: {string.Join(", ", missing)}.", data: data));
    }
}
