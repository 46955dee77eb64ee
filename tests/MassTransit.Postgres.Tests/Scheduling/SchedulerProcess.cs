using Fleet.Contracts.Jobs;
using Fleet.MassTransit.Postgres.Scheduling;
using Fleet.MassTransit.Postgres.Tests.Sagas;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>
/// Stands in for the Scheduler process (the PostgreSQL scheduler on <c>fleet-scheduler</c>, with its dispatcher) and
/// for the workers its messages go to, wired the way every Fleet process is: AddMessageScheduler for IMessageScheduler,
/// UseMessageScheduler for schedules sent from consumers.
/// </summary>
public sealed class SchedulerProcess : IAsyncDisposable
{
    public static readonly Uri SchedulerAddress = new("queue:" + JobQueues.Scheduler);
    public static readonly Uri RemindersAddress = new("queue:reminders");
    public static readonly Uri StartCountdownAddress = new("queue:start-countdown");
    public static readonly Uri CountdownElapsedAddress = new("queue:countdown-elapsed");

    private readonly IHost _host;

    private SchedulerProcess(IHost host)
    {
        _host = host;
        Bus = host.Services.GetRequiredService<IBus>();
        Scheduler = host.Services.GetRequiredService<IMessageScheduler>();
        Bus.ConnectConsumeMessageObserver(Schedules);
    }

    public IBus Bus { get; }

    public IMessageScheduler Scheduler { get; }

    public ConsumedSchedules Schedules { get; } = new();

    public static async Task<SchedulerProcess> StartAsync(
        TestDatabase database,
        RabbitMqVirtualHost virtualHost,
        DeliveryRecorder recorder,
        CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        builder.Services.AddSingleton(recorder);
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.AddMessageScheduler(SchedulerAddress);
            x.AddPostgresMessageScheduler();
            x.AddConsumer<RecordingConsumer<ReminderDue>>();
            x.AddConsumer<RecordingConsumer<CountdownElapsed>>();
            x.AddConsumer<StartCountdownConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                virtualHost.ConfigureHost(cfg);
                cfg.UseMessageScheduler(SchedulerAddress);
                cfg.ReceiveEndpoint(JobQueues.Scheduler, e => e.ConfigurePostgresMessageScheduler(context));
                cfg.ReceiveEndpoint("reminders", e => e.ConfigureConsumer<RecordingConsumer<ReminderDue>>(context));
                cfg.ReceiveEndpoint("countdown-elapsed", e => e.ConfigureConsumer<RecordingConsumer<CountdownElapsed>>(context));
                cfg.ReceiveEndpoint("start-countdown", e => e.ConfigureConsumer<StartCountdownConsumer>(context));
            });
        });

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SchedulerProcess(host);
    }

    /// <summary>Stops the bus and the dispatcher, as a deploy or a crash-free restart would.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
