using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// Stands in for one Fleet process hosting the counter saga: its own container, connection pool and bus, consuming
/// the saga queue that every process in the same virtual host shares.
/// </summary>
public sealed class CounterSagaProcess : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IBusControl _bus;

    private CounterSagaProcess(ServiceProvider services)
    {
        _services = services;
        _bus = services.GetRequiredService<IBusControl>();
        _bus.ConnectReceiveObserver(Deliveries);
        _bus.ConnectPublishObserver(Published);
    }

    public IBus Bus => _bus;

    public DeliveryObserver Deliveries { get; } = new();

    public PublishedIncrements Published { get; } = new();

    /// <param name="registerSaga">How the saga is added; the repository provider covers it unless this says otherwise.</param>
    /// <param name="configureServices">Extra services, such as a test's ISagaStore and what it shares between processes.</param>
    public static async Task<CounterSagaProcess> StartAsync(
        TestDatabase database,
        RabbitMqVirtualHost virtualHost,
        Action<IBusRegistrationConfigurator>? registerSaga,
        Action<IServiceCollection>? configureServices,
        CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        configureServices?.Invoke(services);
        services.AddMassTransit(x =>
        {
            x.SetSagaRepositoryProvider(new PostgresSagaRepositoryRegistrationProvider());
            if (registerSaga is null)
            {
                x.AddSagaStateMachine<CounterStateMachine, CounterState, CounterStateDefinition>();
            }
            else
            {
                registerSaga(x);
            }
            x.UsingRabbitMq((context, cfg) =>
            {
                virtualHost.ConfigureHost(cfg);
                cfg.ConfigureEndpoints(context);
            });
        });

        var process = new CounterSagaProcess(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        var handle = await process._bus.StartAsync(cancellationToken);
        await handle.Ready;
        return process;
    }

    /// <summary>Reads the instance the way any Fleet process would, through MassTransit's load repository.</summary>
    public Task<CounterState?> LoadAsync(Guid counterId) =>
        _services.GetRequiredService<ILoadSagaRepository<CounterState>>().Load(counterId)!;

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
