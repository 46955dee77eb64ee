using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fleet.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Dashboard;

/// <summary>Queue depths and consumer counts of the fleet's virtual host, from RabbitMQ's management API.</summary>
public sealed class RabbitMqQueues(IHttpClientFactory httpClients, IOptions<OperatorDashboardOptions> dashboard, IOptions<RabbitMqOptions> rabbit)
{
    public const string HttpClientName = "rabbitmq-management";

    public sealed record Queue(string Name, long Ready, long Unacknowledged, long Consumers);

    /// <summary>The fleet's queues, or why they cannot be shown (unconfigured, unreachable): a dashboard never fails on it.</summary>
    public async Task<(IReadOnlyList<Queue> Queues, string? Unavailable)> ReadAsync(CancellationToken cancellationToken)
    {
        if (dashboard.Value.RabbitMqManagementUrl is not { } baseUrl)
        {
            return ([], "Dashboard:RabbitMqManagementUrl is not set.");
        }
        var settings = rabbit.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(baseUrl, $"api/queues/{Uri.EscapeDataString(settings.VirtualHost)}?columns=name,messages_ready,messages_unacknowledged,consumers"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}")));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ([], $"RabbitMQ management API answered HTTP {(int)response.StatusCode}.");
            }
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var queues = document.RootElement.EnumerateArray()
                .Select(q => new Queue(q.GetProperty("name").GetString()!, Number(q, "messages_ready"), Number(q, "messages_unacknowledged"), Number(q, "consumers")))
                .Where(q => q.Name.StartsWith("fleet-", StringComparison.Ordinal))
                .OrderBy(q => q.Name, StringComparer.Ordinal)
                .ToList();
            return (queues, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ([], $"RabbitMQ management API unreachable: {ex.Message}");
        }
    }

    private static long Number(JsonElement queue, string name) =>
        queue.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}
