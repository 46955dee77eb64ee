using Fleet.Contracts.Jobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.ServiceDefaults;

/// <summary>
/// The one place every Fleet process sets up MassTransit, so that the broker, naming, scheduler and
/// quorum-queue policy cannot drift between processes (and a later move off MassTransit touches one file).
/// </summary>
public static class BusExtensions
{
    /// <summary>The durable message scheduler endpoint that the Scheduler hosts (no delayed-exchange plugin needed).</summary>
    public static readonly Uri SchedulerAddress = new("queue:" + JobQueues.Scheduler);

    /// <summary>Deliveries of one message before a quorum queue dead-letters it to its error queue.</summary>
    public const int DeliveryLimit = 10;

    public static IHostApplicationBuilder AddFleetBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? registerConsumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureEndpoints = null)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            // Default false reports the host started before the bus connects (ENVIRONMENT.md).
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
            // Running consumers get this long to finish before their CancellationToken fires on shutdown.
            o.ConsumerStopTimeout = TimeSpan.FromSeconds(15);
        });

        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddMessageScheduler(SchedulerAddress);
            registerConsumers?.Invoke(x);

            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.UseMessageScheduler(SchedulerAddress);
                configureEndpoints?.Invoke(context, cfg);
            });
        });
        return builder;
    }

    /// <summary>
    /// A durable quorum queue whose poison messages land in <c>{queue}_error</c>: RabbitMQ counts deliveries and
    /// dead-letters past <see cref="DeliveryLimit"/> instead of redelivering a crashing message forever.
    /// </summary>
    public static void UseFleetQuorumQueue(this IRabbitMqReceiveEndpointConfigurator endpoint, string queueName)
    {
        endpoint.SetQuorumQueue();
        endpoint.SetQueueArgument("x-delivery-limit", DeliveryLimit);
        endpoint.SetQueueArgument("x-dead-letter-exchange", queueName + "_error");
        endpoint.BindDeadLetterQueue(queueName + "_error", queueName + "_error");
    }
}
