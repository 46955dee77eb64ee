using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// Puts one saga on <see cref="PostgresSagaRepository{TSaga}"/>. The application must register the
/// <see cref="Npgsql.NpgsqlDataSource"/> (Fleet.Storage's <c>AddFleetDatabase</c> does) and, for the default store,
/// apply the <c>saga_instances</c> migration.
/// </summary>
public static class PostgresSagaRepositoryRegistrationExtensions
{
    /// <summary>
    /// Stores the saga through the <see cref="ISagaStore{TSaga}"/> registered for it, or as JSON in
    /// <c>saga_instances</c> (<see cref="JsonSagaStore{TSaga}"/>) when none is.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISagaVersion =>
        configurator.Repository(Register);

    /// <summary>Stores the saga through <typeparamref name="TStore"/>, a singleton, replacing any other store for it.</summary>
    /// <example><c>x.AddSagaStateMachine&lt;JobStateMachine, JobState, JobStateDefinition&gt;().PostgresRepository&lt;JobState, JobStateStore&gt;();</c></example>
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga, TStore>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISagaVersion
        where TStore : class, ISagaStore<TSaga> =>
        configurator.Repository(repository =>
        {
            repository.RemoveAll<ISagaStore<TSaga>>();
            repository.AddSingleton<ISagaStore<TSaga>, TStore>();
            Register(repository);
        });

    private static void Register<TSaga>(ISagaRepositoryRegistrationConfigurator<TSaga> repository)
        where TSaga : class, ISagaVersion
    {
        // Open generic, so a closed ISagaStore<TSaga> registered anywhere else takes precedence over it.
        repository.TryAddSingleton(typeof(ISagaStore<>), typeof(JsonSagaStore<>));
        // Before RegisterSagaRepository, whose TryAdd would otherwise put a "not supported" loader in its place.
        repository.RegisterLoadSagaRepository<TSaga, PostgresSagaRepository<TSaga>>();
        repository.RegisterSagaRepository<TSaga, PostgresSagaSession, SagaConsumeContextFactory<PostgresSagaSession, TSaga>,
            PostgresSagaRepository<TSaga>>();
    }
}
