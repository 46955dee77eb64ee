using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults;
using Fleet.Workers.Jobs;
using Fleet.Workers.Noop;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Workers;

public static class JobWorkerExtensions
{
    /// <summary>
    /// Hosts the job runtime: one quorum queue per job type served by a registered <see cref="IJobHandler"/>
    /// (<c>noop</c> always), a transient queue for StopJobRun, and the bus. Register handlers before calling it.
    /// </summary>
    public static IHostApplicationBuilder AddJobWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<IJobGate, JobGate>();
        builder.Services.AddSingleton<IJobEventSink, PostgresJobEventSink>();
        builder.Services.AddSingleton<IJobHandler, NoopJobHandler>();

        builder.AddFleetBus(
            x =>
            {
                x.AddConsumer<RunJobConsumer>();
                x.AddConsumer<StopJobRunConsumer>();
            },
            (context, cfg) =>
            {
                var worker = context.GetRequiredService<IOptions<WorkerOptions>>().Value;
                foreach (var handler in context.GetServices<IJobHandler>().DistinctBy(h => h.JobType))
                {
                    var queue = JobQueues.ForType(handler.JobType);
                    var concurrency = Math.Min(handler.MaxConcurrency ?? worker.ConcurrencyPerType, worker.ConcurrencyPerType);
                    cfg.ReceiveEndpoint(queue, e =>
                    {
                        e.UseFleetQuorumQueue(queue);
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
            });
        return builder;
    }
}
