using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// Makes the create race happen every time: the first load that finds nothing lets a "competing process" insert the
/// instance (Count = <see cref="CompetitorCount"/>) before it reports the miss, so the message's own insert collides.
/// </summary>
public sealed class CreateRaceSagaStore(ConflictCounter conflicts) : ISagaStore<CounterState>
{
    public const int CompetitorCount = 42;

    private readonly CountingSagaStore _inner = new(conflicts);
    private int _raced;

    public async Task<CounterState?> LoadAsync(NpgsqlConnection connection, Guid correlationId, CancellationToken cancellationToken)
    {
        var instance = await _inner.LoadAsync(connection, correlationId, cancellationToken);
        if (instance is null && Interlocked.Exchange(ref _raced, 1) == 0)
        {
            var competitor = new CounterState { CorrelationId = correlationId, CurrentState = "Active", Count = CompetitorCount, Version = 1 };
            await _inner.InsertAsync(connection, competitor, cancellationToken);
        }
        return instance;
    }

    public Task<bool> InsertAsync(NpgsqlConnection connection, CounterState instance, CancellationToken cancellationToken) =>
        _inner.InsertAsync(connection, instance, cancellationToken);

    public Task<bool> UpdateAsync(NpgsqlConnection connection, CounterState instance, int expectedVersion, CancellationToken cancellationToken) =>
        _inner.UpdateAsync(connection, instance, expectedVersion, cancellationToken);

    public Task<bool> DeleteAsync(NpgsqlConnection connection, CounterState instance, int expectedVersion, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(connection, instance, expectedVersion, cancellationToken);
}
