using Fleet.Contracts.Jobs;
using MassTransit;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>A MassTransit bus of the test's own on the run's virtual host, to put messages where Fleet's processes read them.</summary>
public sealed class TestBus : IAsyncDisposable
{
    private readonly IBusControl bus;

    private TestBus(IBusControl bus) => this.bus = bus;

    public static async Task<TestBus> StartAsync(string virtualHost, CancellationToken cancellationToken)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestServers.RabbitMq.Host, (ushort)TestServers.RabbitMq.Port, virtualHost, h =>
        {
            h.Username(TestServers.RabbitMqUsername);
            h.Password(TestServers.RabbitMqPassword);
            h.PublisherConfirmation = true;
        }));
        await bus.StartAsync(cancellationToken);
        return new TestBus(bus);
    }

    /// <summary>Sends to one of Fleet's well-known queues and returns once the broker has confirmed the message.</summary>
    public async Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken) where T : class
    {
        var endpoint = await bus.GetSendEndpoint(JobQueues.Address(queue));
        await endpoint.Send(message, cancellationToken);
    }

    /// <summary>Sends with transport headers of the test's choosing (e.g. the ones RabbitMQ adds when it dead-letters).</summary>
    public async Task SendAsync<T>(string queue, T message, IReadOnlyDictionary<string, object> headers, CancellationToken cancellationToken) where T : class
    {
        var endpoint = await bus.GetSendEndpoint(JobQueues.Address(queue));
        await endpoint.Send(message, context =>
        {
            foreach (var (key, value) in headers)
            {
                context.Headers.Set(key, value);
            }
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync(CancellationToken.None);
}
