using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Hosts MassTransit's scheduler endpoint on PostgreSQL, for buses whose RabbitMQ has no delayed-exchange plugin.
/// Senders keep MassTransit's own <c>AddMessageScheduler(uri)</c> / <c>UseMessageScheduler(uri)</c>; the process
/// that owns the queue named by that uri calls both methods here:
/// <code>
/// x.AddPostgresMessageScheduler();                                   // in AddMassTransit
/// cfg.ReceiveEndpoint("fleet-scheduler", e => e.ConfigurePostgresMessageScheduler(context));
/// </code>
/// It needs an <see cref="NpgsqlDataSource"/> in the container and the <c>scheduled_messages</c> migration applied.
/// </summary>
public static class PostgresMessageSchedulerExtensions
{
    /// <summary>
    /// Registers the ScheduleMessage / CancelScheduledMessage consumers (kept out of <c>ConfigureEndpoints</c>, so
    /// they live only on the endpoint given to <see cref="ConfigurePostgresMessageScheduler"/>), the dispatcher that
    /// sends due messages, and <see cref="MessageSchedulerOptions"/> bound from its section and validated at start.
    /// </summary>
    public static IBusRegistrationConfigurator AddPostgresMessageScheduler(this IBusRegistrationConfigurator configurator)
    {
        configurator.AddOptions<MessageSchedulerOptions>()
            .BindConfiguration(MessageSchedulerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        configurator.TryAddSingleton(TimeProvider.System);
        configurator.TryAddSingleton<ScheduledMessageStore>();
        configurator.TryAddSingleton<ScheduledMessageListener>();
        configurator.AddHostedService<ScheduledMessageDispatcher>();

        configurator.AddConsumer<ScheduleMessageConsumer>().ExcludeFromConfigureEndpoints();
        configurator.AddConsumer<CancelScheduledMessageConsumer>().ExcludeFromConfigureEndpoints();
        configurator.AddConsumer<ScheduleRecurringMessageConsumer>().ExcludeFromConfigureEndpoints();
        return configurator;
    }

    /// <summary>
    /// Puts the scheduler consumers on this endpoint (its queue is the scheduler address every sender uses) and
    /// retries transient database errors there; anything else faults to the endpoint's error queue.
    /// </summary>
    public static void ConfigurePostgresMessageScheduler(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<NpgsqlException>(ex => ex.IsTransient);
            r.Exponential(10, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        });
        endpoint.ConfigureConsumer<ScheduleMessageConsumer>(context);
        endpoint.ConfigureConsumer<CancelScheduledMessageConsumer>(context);
        endpoint.ConfigureConsumer<ScheduleRecurringMessageConsumer>(context);
    }
}
