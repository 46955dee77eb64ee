using Fleet.Contracts.Jobs;
using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Scheduling;
using Fleet.Scheduler.Jobs;
using Fleet.ServiceDefaults;
using Fleet.Workers;
using MassTransit;

namespace Fleet.Scheduler.Composition;

public static class ControlPlaneExtensions
{
    /// <summary>
    /// The control plane on the bus: the job state machine on its PostgreSQL repository (the jobs table), and the
    /// durable message scheduler endpoint that every process's delays, retries and runAt go through. Also the job
    /// runtime for the job types whose handlers the Scheduler registers (backup.run), on the same bus.
    /// </summary>
    public static IHostApplicationBuilder AddControlPlane(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobStateOptions>()
            .BindConfiguration(JobStateOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new Random());
        builder.Services.AddHostedService<LostJobWatchdog>();
        builder.AddJobRuntime();

        builder.AddFleetBus(
            x =>
            {
                x.AddSagaStateMachine<Jobs.JobStateMachine, JobState, JobStateDefinition>()
                    .PostgresRepository<JobState, JobStateStore>();
                x.AddPostgresMessageScheduler();
                x.AddConsumer<DeadLetteredRunJobConsumer>().ExcludeFromConfigureEndpoints();
                x.AddJobRuntimeConsumers();
            },
            (context, cfg) =>
            {
                cfg.ReceiveEndpoint(JobQueues.Scheduler, e =>
                {
                    e.UseFleetQuorumQueue(JobQueues.Scheduler);
                    e.ConfigurePostgresMessageScheduler(context);
                });
                cfg.ReceiveEndpoint(JobQueues.DeadLetters, e =>
                {
                    e.ConfigureConsumeTopology = false;
                    foreach (var (key, value) in BusExtensions.ParkingQueueArguments())
                    {
                        e.SetQueueArgument(key, value);
                    }
                    e.ConfigureConsumer<DeadLetteredRunJobConsumer>(context);
                });
                cfg.ConfigureJobQueues(context);
                cfg.ConfigureEndpoints(context);
            });
        return builder;
    }
}
