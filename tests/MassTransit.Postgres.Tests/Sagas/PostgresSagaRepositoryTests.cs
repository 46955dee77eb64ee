using System.Diagnostics.CodeAnalysis;
using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// The counter saga on real RabbitMQ and PostgreSQL, hosted by one or two "processes" (containers with their own bus
/// and connection pool) that consume the same saga queue in this test's own virtual host and database.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test names are sentences (STYLE.md §4)")]
public sealed class PostgresSagaRepositoryTests : IAsyncLifetime
{
    private const int Increments = 500;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private TestDatabase _database = null!;
    private RabbitMqVirtualHost _virtualHost = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("sagas", _ct);
        _virtualHost = await RabbitMqVirtualHost.CreateAsync("sagas", _ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _virtualHost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_increments_from_two_processes_lose_no_update()
    {
        var conflicts = new ConflictCounter();
        await using var first = await StartCountingAsync(conflicts);
        await using var second = await StartCountingAsync(conflicts);
        var counterId = Guid.NewGuid();
        await first.Bus.Publish(new CounterCreated(counterId), _ct);
        await Poll.UntilAsync(() => first.LoadAsync(counterId), c => c is not null, $"counter {counterId} to be created", _ct);

        await Task.WhenAll(Enumerable.Range(0, Increments)
            .Select(i => (i % 2 == 0 ? first : second).Bus.Publish(new CounterIncremented(counterId), _ct)));
        await Poll.UntilAsync(() => Task.FromResult(first.Deliveries.Finished + second.Deliveries.Finished), n => n >= Increments + 1,
            $"both processes to finish {Increments + 1} deliveries", _ct);

        var counter = await first.LoadAsync(counterId);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"count {counter?.Count}, version {counter?.Version}, rejected updates {conflicts.RejectedUpdates}, " +
            $"deliveries {first.Deliveries.Finished} + {second.Deliveries.Finished}");
        Assert.NotNull(counter);
        Assert.Equal(Increments, counter.Count);
        Assert.Equal(Increments + 1, counter.Version); // the insert, then one update per increment
        // Each stored increment published once, and a delivery that lost a conflict published nothing (the outbox).
        Assert.Equal(Enumerable.Range(1, Increments), first.Published.Counts.Concat(second.Published.Counts).Order());
        Assert.Empty(first.Deliveries.Faults.Concat(second.Deliveries.Faults));
        Assert.True(first.Deliveries.Finished > 1 && second.Deliveries.Finished > 0,
            $"both processes should consume increments (first {first.Deliveries.Finished}, second {second.Deliveries.Finished})");
        Assert.True(conflicts.RejectedUpdates > 0, "the two processes never conflicted, so the test proved nothing about retries");
    }

    [Fact]
    public async Task Create_that_loses_the_insert_race_retries_onto_the_other_instance()
    {
        var conflicts = new ConflictCounter();
        await using var process = await StartAsync(
            x => x.AddSagaStateMachine<CounterStateMachine, CounterState, CounterStateDefinition>().PostgresRepository<CounterState, CreateRaceSagaStore>(),
            services => services.AddSingleton(conflicts));
        var counterId = Guid.NewGuid();

        await process.Bus.Publish(new CounterCreated(counterId), _ct);
        await Poll.UntilAsync(() => Task.FromResult(process.Deliveries.Finished), n => n >= 1, "the create to finish", _ct);

        var counter = await process.LoadAsync(counterId);
        Assert.NotNull(counter);
        Assert.Equal(CreateRaceSagaStore.CompetitorCount, counter.Count); // the winner's instance was not overwritten
        Assert.Equal("Active", counter.CurrentState);
        Assert.Equal(2, counter.Version); // the retried create loaded the winner's version 1 and was applied to it
        Assert.Equal(1, conflicts.RejectedInserts);
        Assert.Empty(process.Deliveries.Faults);
        Assert.Equal(1, await _database.CountRowsAsync(counterId, _ct));
    }

    [Fact]
    public async Task Duplicate_create_keeps_the_count()
    {
        await using var process = await StartAsync(registerSaga: null, configureServices: null);
        var counterId = Guid.NewGuid();

        await DeliverAsync(process, new CounterCreated(counterId), 1);
        await DeliverAsync(process, new CounterIncremented(counterId), 2);
        await DeliverAsync(process, new CounterCreated(counterId), 3);
        await DeliverAsync(process, new CounterIncremented(counterId), 4);

        var counter = await process.LoadAsync(counterId);
        Assert.NotNull(counter);
        Assert.Equal(2, counter.Count);
        Assert.Empty(process.Deliveries.Faults);
        Assert.Equal(1, await _database.CountRowsAsync(counterId, _ct));
    }

    [Fact]
    public async Task Finished_counter_is_deleted_and_later_events_are_ignored()
    {
        await using var process = await StartAsync(registerSaga: null, configureServices: null);
        var counterId = Guid.NewGuid();
        await DeliverAsync(process, new CounterCreated(counterId), 1);
        await DeliverAsync(process, new CounterIncremented(counterId), 2);
        Assert.Equal(1, await _database.CountRowsAsync(counterId, _ct));

        await DeliverAsync(process, new CounterFinished(counterId), 3);
        Assert.Equal(0, await _database.CountRowsAsync(counterId, _ct));
        Assert.Null(await process.LoadAsync(counterId));

        await DeliverAsync(process, new CounterIncremented(counterId), 4);
        Assert.Equal(0, await _database.CountRowsAsync(counterId, _ct));
        Assert.Empty(process.Deliveries.Faults);
    }

    private Task<CounterSagaProcess> StartCountingAsync(ConflictCounter conflicts) => StartAsync(
        x => x.AddSagaStateMachine<CounterStateMachine, CounterState, CounterStateDefinition>().PostgresRepository<CounterState, CountingSagaStore>(),
        services => services.AddSingleton(conflicts));

    private Task<CounterSagaProcess> StartAsync(Action<IBusRegistrationConfigurator>? registerSaga, Action<IServiceCollection>? configureServices) =>
        CounterSagaProcess.StartAsync(_database, _virtualHost, registerSaga, configureServices, _ct);

    /// <summary>Publishes and waits until the process has finished its <paramref name="deliveryNumber"/>th delivery.</summary>
    private async Task DeliverAsync<T>(CounterSagaProcess process, T message, int deliveryNumber)
        where T : class
    {
        await process.Bus.Publish(message, _ct);
        await Poll.UntilAsync(() => Task.FromResult(process.Deliveries.Finished), n => n >= deliveryNumber,
            $"delivery {deliveryNumber} ({typeof(T).Name}) to finish", _ct);
    }
}
