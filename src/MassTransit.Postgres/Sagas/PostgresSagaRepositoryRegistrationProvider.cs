using MassTransit;
using MassTransit.Configuration;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// Puts every saga that has no repository of its own, MassTransit's job sagas included, on
/// <see cref="PostgresSagaRepository{TSaga}"/>: <c>x.SetSagaRepositoryProvider(new PostgresSagaRepositoryRegistrationProvider())</c>.
/// A saga registered with <c>.PostgresRepository&lt;TSaga, TStore&gt;()</c> keeps that registration.
/// </summary>
public sealed class PostgresSagaRepositoryRegistrationProvider : ISagaRepositoryRegistrationProvider
{
    public void Configure<TSaga>(ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
    {
        if (!typeof(ISagaVersion).IsAssignableFrom(typeof(TSaga)))
        {
            throw new ConfigurationException(
                $"{typeof(TSaga).FullName} cannot use the PostgreSQL saga repository: it must implement ISagaVersion, whose " +
                "Version column guards against lost updates.");
        }

        // TSaga is only known to be an ISaga here; the repository needs ISagaVersion, so close the generic at run time.
        var registrar = (IRegistrar)Activator.CreateInstance(typeof(Registrar<>).MakeGenericType(typeof(TSaga)))!;
        registrar.Register(configurator);
    }

    private interface IRegistrar
    {
        void Register(object configurator);
    }

    private sealed class Registrar<TSaga> : IRegistrar
        where TSaga : class, ISagaVersion
    {
        public void Register(object configurator) =>
            ((ISagaRegistrationConfigurator<TSaga>)configurator).PostgresRepository();
    }
}
