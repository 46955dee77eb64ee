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
    public static readonly Uri SchedulerAddress = JobQueues.Address(JobQueues.Scheduler);

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
        builder.Services.AddSingleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>();

        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<RabbitMqOptions>>((o, rabbit) =>
        {
            // Default false reports the host started before the bus connects (ENVIRONMENT.md).
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            // Running consumers get ConsumerStopTimeout to finish before their CancellationToken fires on shutdown;
            // the bus then has as long again to hand back and stop.
            o.ConsumerStopTimeout = TimeSpan.FromSeconds(rabbit.Value.ConsumerStopTimeoutSeconds);
            o.StopTimeout = TimeSpan.FromSeconds(2 * rabbit.Value.ConsumerStopTimeoutSeconds);
        });

        // Before MassTransit's hosted service, so the queues exist with their arguments when the bus starts.
        builder.Services.AddHostedService<FleetTopology>();
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
                    h.Heartbeat(TimeSpan.FromSeconds(options.HeartbeatSeconds));
                    h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.UseMessageScheduler(SchedulerAddress);
                UseJobIdAsCorrelationId(cfg);
                // MassTransit copies an endpoint's queue arguments onto its _error and _skipped queues; a parked
                // message must neither count deliveries nor dead-letter again, so those two arguments go.
                cfg.SendTopology.ConfigureErrorSettings = ParkingQueue;
                cfg.SendTopology.ConfigureDeadLetterSettings = ParkingQueue;
                configureEndpoints?.Invoke(context, cfg);
            });
        });
        return builder;
    }

    /// <summary>
    /// Stamps every job message's envelope CorrelationId with its JobId, so partitioners, logs and traces can key
    /// on it without knowing the message type.
    /// </summary>
    private static void UseJobIdAsCorrelationId(IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.SendTopology.UseCorrelationId<RunJob>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobStarted>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobProgressed>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobSucceeded>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobFailed>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobCancelled>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobHandedBack>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<SubmitScheduledJob>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<JobDue>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<CancelJob>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<RetryJob>(m => m.JobId);
        cfg.SendTopology.UseCorrelationId<StopJobRun>(m => m.JobId);
    }

    /// <summary>
    /// A durable quorum queue whose poison messages land in <c>{queue}_error</c>: RabbitMQ counts deliveries and
    /// dead-letters past <see cref="DeliveryLimit"/> instead of redelivering a crashing message forever. The error
    /// exchange and queue are declared by <see cref="FleetTopology"/>, the same way MassTransit's error transport does.
    /// </summary>
    public static void UseFleetQuorumQueue(this IRabbitMqReceiveEndpointConfigurator endpoint, string queueName)
    {
        foreach (var (key, value) in QueueArguments(queueName))
        {
            endpoint.SetQueueArgument(key, value);
        }
    }

    /// <summary>The arguments of a queue that parks faulted or dead-lettered messages: quorum, nothing else.</summary>
    public static Dictionary<string, object?> ParkingQueueArguments() => new() { ["x-queue-type"] = "quorum" };

    private static void ParkingQueue(IRabbitMqQueueBindingConfigurator settings)
    {
        settings.SetQueueArgument("x-delivery-limit", null);
        settings.SetQueueArgument("x-dead-letter-exchange", null);
    }

    /// <summary>The arguments of every Fleet work queue; FleetTopology and the endpoints must declare the same.</summary>
    public static Dictionary<string, object?> QueueArguments(string queueName) => new()
    {
        ["x-queue-type"] = "quorum",
        ["x-delivery-limit"] = DeliveryLimit,
        ["x-dead-letter-exchange"] = queueName + "_error",
    };
}
