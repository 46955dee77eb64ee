using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Scheduler.Jobs;
using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using JobStateMachine = Fleet.Scheduler.Jobs.JobStateMachine;

namespace Fleet.Scheduler.Tests.Jobs;

/// <summary>
/// The job state machine in MassTransit's in-memory harness, one per test. Jobs are seeded as the Api would insert
/// them (a row in queued or scheduled), since the machine never creates a job itself.
/// </summary>
public sealed class JobStateMachineHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private JobStateMachineHarness(ServiceProvider provider)
    {
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<JobStateMachine, JobState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<JobStateMachine, JobState> Saga { get; }

    public JobStateMachine Machine => Saga.StateMachine;

    public static async Task<JobStateMachineHarness> StartAsync()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new Random(7));
        services.AddOptions<JobStateOptions>().Configure(o => o.FirstRetryDelayMs = 50);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaStateMachine<JobStateMachine, JobState>().InMemoryRepository();
            x.AddDelayedMessageScheduler();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseDelayedMessageScheduler();
                cfg.ConfigureEndpoints(context);
            });
        });
        var harness = new JobStateMachineHarness(services.BuildServiceProvider(true));
        await harness.Harness.Start();
        return harness;
    }

    public JobState Seed(string state = "Queued", int maxAttempts = 3)
    {
        var now = DateTimeOffset.UtcNow;
        var job = new JobState
        {
            CorrelationId = Guid.CreateVersion7(),
            Version = 1,
            CurrentState = state,
            TenantId = "t1",
            Type = JobTypes.Noop,
            Input = JsonSerializer.SerializeToElement(new { sleepMs = 0 }),
            MaxAttempts = maxAttempts,
            CreatedAt = now,
            UpdatedAt = now,
        };
        provider.GetRequiredService<IndexedSagaDictionary<JobState>>().Add(new SagaInstance<JobState>(job));
        return job;
    }

    public Task SendAsync<T>(T message) where T : class => Harness.Bus.Publish(message);

    public async Task<JobState> WaitForStateAsync(Guid jobId, Func<JobStateMachine, State> state)
    {
        var found = await Saga.Exists(jobId, state, TimeSpan.FromSeconds(10));
        Assert.True(found.HasValue, $"job {jobId} never reached {state(Machine).Name}; it is {Saga.Sagas.Contains(jobId)?.CurrentState}");
        return Saga.Sagas.Contains(jobId)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
