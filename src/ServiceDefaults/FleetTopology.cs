using Fleet.Contracts.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Fleet.ServiceDefaults;

/// <summary>
/// Declares Fleet's well-known queues before the bus starts, in every process, exactly as the consuming endpoints do
/// (<see cref="BusExtensions.UseFleetQuorumQueue"/>): a durable quorum queue with a delivery limit, dead-lettering to
/// <c>{queue}_error</c>, behind a fanout exchange of the same name. So a message sent before any consumer ever ran is
/// queued, not dropped, and no process declares a queue with other arguments.
/// </summary>
public sealed class FleetTopology(IOptions<RabbitMqOptions> options, ILogger<FleetTopology> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.Password,
            ClientProvidedName = "fleet-topology",
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeclareAsync(factory, cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < 30 && ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                logger.LogWarning(ex, "RabbitMQ not reachable yet (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task DeclareAsync(ConnectionFactory factory, CancellationToken cancellationToken)
    {
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var queue in JobQueues.WellKnown)
        {
            var error = queue + "_error";
            await channel.ExchangeDeclareAsync(error, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(error, durable: true, exclusive: false, autoDelete: false, arguments: BusExtensions.ParkingQueueArguments(), cancellationToken: cancellationToken);
            await channel.QueueBindAsync(error, error, "", cancellationToken: cancellationToken);

            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: BusExtensions.QueueArguments(queue), cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, queue, "", cancellationToken: cancellationToken);
        }

        var deadLetters = JobQueues.DeadLetters;
        await channel.ExchangeDeclareAsync(deadLetters, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(deadLetters, durable: true, exclusive: false, autoDelete: false, arguments: BusExtensions.ParkingQueueArguments(), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(deadLetters, deadLetters, "", cancellationToken: cancellationToken);
        foreach (var queue in JobQueues.WorkQueues)
        {
            await channel.ExchangeBindAsync(deadLetters, queue + "_error", "", cancellationToken: cancellationToken);
        }
    }
}
