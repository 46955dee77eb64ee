using System.Diagnostics.CodeAnalysis;
using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>What the container resolves for a saga; no server is contacted.</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test names are sentences (STYLE.md §4)")]
public sealed class PostgresSagaRepositoryRegistrationTests
{
    [Fact]
    public async Task Provider_gives_a_saga_the_postgres_repository_and_the_json_store()
    {
        await using var services = Build(x => x.AddSagaStateMachine<CounterStateMachine, CounterState>());
        await using var scope = services.CreateAsyncScope();

        Assert.IsType<PostgresSagaRepository<CounterState>>(scope.ServiceProvider.GetRequiredService<ISagaRepositoryContextFactory<CounterState>>());
        Assert.IsType<JsonSagaStore<CounterState>>(scope.ServiceProvider.GetRequiredService<ISagaStore<CounterState>>());
    }

    [Fact]
    public async Task Provider_reaches_the_job_sagas()
    {
        await using var services = Build(x => x.AddJobSagaStateMachines());
        await using var scope = services.CreateAsyncScope();

        Assert.IsType<PostgresSagaRepository<JobSaga>>(scope.ServiceProvider.GetRequiredService<ISagaRepositoryContextFactory<JobSaga>>());
        Assert.IsType<PostgresSagaRepository<JobTypeSaga>>(scope.ServiceProvider.GetRequiredService<ISagaRepositoryContextFactory<JobTypeSaga>>());
        Assert.IsType<PostgresSagaRepository<JobAttemptSaga>>(scope.ServiceProvider.GetRequiredService<ISagaRepositoryContextFactory<JobAttemptSaga>>());
    }

    [Fact]
    public async Task Saga_registered_with_its_own_store_uses_that_store()
    {
        await using var services = Build(x => x.AddSagaStateMachine<CounterStateMachine, CounterState>().PostgresRepository<CounterState, CountingSagaStore>(),
            s => s.AddSingleton<ConflictCounter>());
        await using var scope = services.CreateAsyncScope();

        Assert.IsType<CountingSagaStore>(scope.ServiceProvider.GetRequiredService<ISagaStore<CounterState>>());
        Assert.IsType<PostgresSagaRepository<CounterState>>(scope.ServiceProvider.GetRequiredService<ISagaRepositoryContextFactory<CounterState>>());
    }

    [Fact]
    public void Saga_without_a_version_is_refused_at_registration()
    {
        var exception = Assert.Throws<ConfigurationException>(() => Build(x => x.AddSagaStateMachine<UnversionedStateMachine, UnversionedState>()));

        Assert.Contains(nameof(UnversionedState), exception.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ISagaVersion), exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<IBusRegistrationConfigurator> register, Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        // Never opened: resolving the repository must not need a server.
        services.AddSingleton(_ => NpgsqlDataSource.Create("Host=127.0.0.1;Port=1"));
        configureServices?.Invoke(services);
        services.AddMassTransit(x =>
        {
            x.SetSagaRepositoryProvider(new PostgresSagaRepositoryRegistrationProvider());
            register(x);
            x.UsingInMemory();
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public sealed class UnversionedState : SagaStateMachineInstance
    {
        public Guid CorrelationId { get; set; }
        public string CurrentState { get; set; } = "";
    }

    public sealed class UnversionedStateMachine : MassTransitStateMachine<UnversionedState>
    {
        public UnversionedStateMachine() => InstanceState(x => x.CurrentState);
    }
}
