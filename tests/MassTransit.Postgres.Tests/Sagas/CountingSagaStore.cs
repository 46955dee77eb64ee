using Fleet.MassTransit.Postgres.Sagas;
using Fleet.MassTransit.Postgres.Tests.Sagas.Counter;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>
/// A custom <see cref="ISagaStore{TSaga}"/> (registered with <c>.PostgresRepository&lt;CounterState, CountingSagaStore&gt;()</c>)
/// that writes through <see cref="JsonSagaStore{TSaga}"/> and counts the writes a newer version rejected.
/// </summary>
public sealed class CountingSagaStore(ConflictCounter conflicts) : ISagaStore<CounterState>
{
    private readonly JsonSagaStore<CounterState> _inner = new();

    public Task<CounterState?> LoadAsync(NpgsqlConnection connection, Guid correlationId, CancellationToken cancellationToken) =>
        _inner.LoadAsync(connection, correlationId, cancellationToken);

    public async Task<bool> InsertAsync(NpgsqlConnection connection, CounterState instance, CancellationToken cancellationToken)
    {
        var inserted = await _inner.InsertAsync(connection, instance, cancellationToken);
        if (!inserted)
        {
            conflicts.InsertRejected();
        }
        return inserted;
    }

    public async Task<bool> UpdateAsync(NpgsqlConnection connection, CounterState instance, int expectedVersion, CancellationToken cancellationToken)
    {
        var updated = await _inner.UpdateAsync(connection, instance, expectedVersion, cancellationToken);
        if (!updated)
        {
            conflicts.UpdateRejected();
        }
        return updated;
    }

    public Task<bool> DeleteAsync(NpgsqlConnection connection, CounterState instance, int expectedVersion, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(connection, instance, expectedVersion, cancellationToken);
}
