using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults;
using Fleet.Workers.Jobs;
using Fleet.Workers.Noop;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Workers;

public static class JobWorkerExtensions
{
    /// <summary>
    /// A worker process: the job runtime serving <c>noop</c> and every registered <see cref="IJobHandler"/>, on its
    /// own bus. Register handlers before calling it.
    /// </summary>
    public static IHostApplicationBuilder AddJobWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IJobHandler, NoopJobHandler>();
        builder.AddJobRuntime();
        builder.AddFleetBus(x => x.AddJobRuntimeConsumers(), (context, cfg) => cfg.ConfigureJobQueues(context));
        return builder;
    }

    /// <summary>
    /// The job runtime's services without a bus, for a process that composes its own (the Scheduler runs
    /// <c>backup.run</c>): add <see cref="AddJobRuntimeConsumers"/> and <see cref="ConfigureJobQueues"/> to its bus.
    /// Only the job types of registered <see cref="IJobHandler"/>s are served.
    /// </summary>
    public static IHostApplicationBuilder AddJobRuntime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<FleetConcurrencyLimiter>();
        builder.Services.TryAddSingleton(_ => new Random());
        builder.Services.AddSingleton<IJobGate, JobGate>();
        builder.Services.AddSingleton<IJobEventSink, PostgresJobEventSink>();
        builder.Services.AddOptions<NoopOptions>().BindConfiguration(NoopOptions.Section);
        builder.Services.AddSingleton<ExecutionLedger>();
        builder.Services.AddHostedService<JobHeartbeat>();
        return builder;
    }

    /// <summary>The runtime's consumers, kept out of <c>ConfigureEndpoints</c>: <see cref="ConfigureJobQueues"/> places them.</summary>
    public static void AddJobRuntimeConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<RunJobConsumer>().ExcludeFromConfigureEndpoints();
        x.AddConsumer<StopJobRunConsumer>().ExcludeFromConfigureEndpoints();
    }

    /// <summary>
    /// Two quorum queues (normal and high priority) per job type served by a registered <see cref="IJobHandler"/>, and a transient queue for
    /// StopJobRun.
    /// </summary>
    public static void ConfigureJobQueues(this IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context)
    {
        var worker = context.GetRequiredService<IOptions<WorkerOptions>>().Value;
        var endpoints = context.GetServices<IJobHandler>().DistinctBy(h => h.JobType)
            .SelectMany(h => new[] { (Handler: h, Queue: JobQueues.ForType(h.JobType)), (Handler: h, Queue: JobQueues.ForType(h.JobType, JobQueues.HighPriority)) });
        foreach (var (handler, queue) in endpoints)
        {
            // A handler that batches (llm.generate) takes no more than its batch: the rest wait in RabbitMQ, not here.
            var concurrency = Math.Min(handler.MaxConcurrency ?? worker.ConcurrencyPerType, worker.ConcurrencyPerType);
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.UseFleetQuorumQueue(queue);
                // Each priority class has slots of its own, so high-priority jobs start while normal ones queue.
                e.PrefetchCount = concurrency;
                e.ConcurrentMessageLimit = concurrency;
                // A database blip before or after the job ran is retried here; what still fails reaches
                // the state machine as Fault<RunJob>, so the job never waits in queued forever.
                e.UseMessageRetry(r =>
                {
                    r.Handle<NpgsqlException>(ex => ex.IsTransient);
                    r.Intervals(100, 500, 1000, 2000, 5000);
                });
                e.ConfigureConsumer<RunJobConsumer>(context);
            });
        }
        cfg.ReceiveEndpoint(new TemporaryEndpointDefinition("fleet-worker-control"), e => e.ConfigureConsumer<StopJobRunConsumer>(context));
    }
}
