using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Fleet.Contracts.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Fleet.ServiceDefaults.Health;

/// <summary>
/// Reads every Fleet queue's depth and consumer count from the RabbitMQ management API every
/// <see cref="WorkerPresenceOptions.PollSeconds"/>: exported as <c>queue_size{queue}</c> (ready messages, the backlog
/// KEDA scales on) and <c>queue_consumers{queue}</c>, and kept in <see cref="BrokerQueueSnapshot"/> for readiness.
/// </summary>
public sealed class BrokerQueuePoller(
    HttpClient http,
    BrokerQueueSnapshot snapshot,
    TimeProvider clock,
    IOptions<RabbitMqOptions> rabbit,
    IOptions<WorkerPresenceOptions> options,
    ILogger<BrokerQueuePoller> logger) : BackgroundService
{
    private static readonly Gauge QueueSize = Prometheus.Metrics.CreateGauge("queue_size", "Messages ready in a Fleet queue (the backlog).", "queue");
    private static readonly Gauge QueueConsumers = Prometheus.Metrics.CreateGauge("queue_consumers", "Consumers attached to a Fleet queue.", "queue");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = rabbit.Value;
        if (string.IsNullOrWhiteSpace(settings.ManagementUrl))
        {
            logger.LogInformation("RabbitMq:ManagementUrl is not set: no queue_size metrics and no worker-presence readiness");
            return;
        }
        var url = new Uri(new Uri(settings.ManagementUrl!), $"api/queues/{Uri.EscapeDataString(settings.VirtualHost)}?columns=name,messages_ready,messages_unacknowledged,consumers");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));
        http.Timeout = TimeSpan.FromSeconds(5);
        var wellKnown = JobQueues.WellKnown.ToHashSet();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        do
        {
            try
            {
                var queues = await http.GetFromJsonAsync<List<ManagementQueue>>(url, stoppingToken) ?? [];
                var stats = queues.Where(q => wellKnown.Contains(q.Name))
                    .Select(q => new QueueStats(q.Name, q.MessagesReady, q.MessagesUnacknowledged, q.Consumers)).ToList();
                foreach (var queue in stats)
                {
                    QueueSize.WithLabels(queue.Name).Set(queue.MessagesReady);
                    QueueConsumers.WithLabels(queue.Name).Set(queue.Consumers);
                }
                snapshot.Record(stats, clock.GetUtcNow());
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stoppingToken.IsCancellationRequested)
            {
                // Readiness turns unhealthy once polls have failed for a while; the metric keeps its last value.
                logger.LogWarning("RabbitMQ management API at {Url} did not answer: {Error}", settings.ManagementUrl, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private sealed record ManagementQueue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages_ready")] long MessagesReady,
        [property: JsonPropertyName("messages_unacknowledged")] long MessagesUnacknowledged,
        [property: JsonPropertyName("consumers")] int Consumers);
}
