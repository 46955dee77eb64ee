using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// A RabbitMQ virtual host of its own for one test, created and deleted through the management API, so that its
/// exchanges and queues (MassTransit names them after message types) never meet another test's.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;
    private readonly string _username;
    private readonly string _password;

    private RabbitMqVirtualHost(string name)
    {
        Name = name;
        var userInfo = Uri.UnescapeDataString(TestServers.RabbitMq.UserInfo).Split(':', 2);
        (_username, _password) = (userInfo[0], userInfo[1]);
        // ./fleet infra puts the management API on the AMQP port + 1 (55672 → 55673).
        var managementUri = Environment.GetEnvironmentVariable("FLEET_TEST_RABBITMQ_MANAGEMENT")
            ?? $"http://{TestServers.RabbitMq.Host}:{TestServers.RabbitMq.Port + 1}/";
        _management = new HttpClient { BaseAddress = new Uri(managementUri) };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_username}:{_password}")));
    }

    public string Name { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        var host = new RabbitMqVirtualHost($"{prefix}-{Guid.NewGuid():N}");
        var vhost = Uri.EscapeDataString(host.Name);
        (await host._management.PutAsJsonAsync($"api/vhosts/{vhost}", new { }, cancellationToken)).EnsureSuccessStatusCode();
        // A new virtual host grants nobody access, not even the admin who created it.
        var permissions = new { configure = ".*", write = ".*", read = ".*" };
        (await host._management.PutAsJsonAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(host._username)}", permissions, cancellationToken))
            .EnsureSuccessStatusCode();
        return host;
    }

    public void ConfigureHost(IRabbitMqBusFactoryConfigurator configurator) =>
        configurator.Host(TestServers.RabbitMq.Host, (ushort)TestServers.RabbitMq.Port, Name, h =>
        {
            h.Username(_username);
            h.Password(_password);
        });

    public async ValueTask DisposeAsync()
    {
        using (_management)
        {
            await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
    }
}
