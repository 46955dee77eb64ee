using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// The job state machine's endpoint: one quorum queue; messages of one job handled one at a time (partitioned by job
/// id) while different jobs run in parallel; a version conflict or a database blip is retried with jittered back-off
/// on a fresh load; and the in-memory outbox holds every send and publish until the row is saved, so a retried
/// message publishes nothing twice.
/// </summary>
public sealed class JobStateDefinition : SagaDefinition<JobState>
{
    private readonly JobStateOptions options;

    public JobStateDefinition(IOptions<JobStateOptions> options)
    {
        this.options = options.Value;
        Endpoint(e =>
        {
            e.Name = JobQueues.JobState;
            e.PrefetchCount = 512;
        });
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.UseFleetQuorumQueue(JobQueues.JobState);
        }
        var partitioner = endpointConfigurator.CreatePartitioner(options.Partitions);
        Partition<SubmitScheduledJob>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobDue>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobStarted>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobProgressed>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobSucceeded>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobFailed>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobCancelled>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<JobHandedBack>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<CancelJob>(sagaConfigurator, partitioner, m => m.JobId);
        Partition<Fault<RunJob>>(sagaConfigurator, partitioner, m => m.Message.JobId);
        Partition<RetryJob>(sagaConfigurator, partitioner, m => m.JobId);
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Handle<NpgsqlException>(ex => ex.IsTransient);
            r.Exponential(12, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(25));
        });
        endpointConfigurator.UseInMemoryOutbox(context);
    }

    private static void Partition<T>(ISagaConfigurator<JobState> saga, IPartitioner partitioner, Func<T, Guid> jobId)
        where T : class =>
        saga.Message<T>(m => m.UsePartitioner(partitioner, ctx => jobId(ctx.Message)));
}
