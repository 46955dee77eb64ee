using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>The RabbitMQ management HTTP API: virtual hosts for the run, queue depths, and peeking at queued messages.</summary>
public sealed class RabbitMqManagement : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = TestServers.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(10) };

    public RabbitMqManagement()
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServers.RabbitMqUsername}:{TestServers.RabbitMqPassword}")));
    }

    public async Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(name);
        (await http.PutAsJsonAsync($"api/vhosts/{vhost}", new { }, cancellationToken)).EnsureSuccessStatusCode();
        // A new virtual host grants nobody access, not even the admin who created it.
        var permissions = new { configure = ".*", write = ".*", read = ".*" };
        (await http.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(TestServers.RabbitMqUsername)}", permissions, cancellationToken))
            .EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        (await http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}", cancellationToken)).Dispose();

    /// <summary>Whether the broker's application runs: the management listener stops with it (rabbitmqctl stop_app).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("api/overview", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A queue as the management API describes it (counts are sampled every few seconds).</summary>
    public async Task<JsonElement> GetQueueAsync(string vhost, string queue, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<JsonElement>($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}", cancellationToken);

    /// <summary>Up to <paramref name="count"/> message bodies from the head of a queue, left in place (requeued).</summary>
    public async Task<IReadOnlyList<string>> PeekMessagesAsync(string vhost, string queue, int count, CancellationToken cancellationToken)
    {
        var request = new { count, ackmode = "ack_requeue_true", encoding = "auto" };
        using var response = await http.PostAsJsonAsync($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}/get", request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return messages.EnumerateArray().Select(m => m.GetProperty("payload").GetString()!).ToList();
    }

    public void Dispose() => http.Dispose();
}
