using MassTransit;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// How one saga type's instances map to PostgreSQL rows. <see cref="PostgresSagaRepository{TSaga}"/> drives it for
/// MassTransit: it loads, runs the state machine, then inserts or updates, all on one connection.
/// </summary>
public interface ISagaStore<TSaga>
    where TSaga : class, ISagaVersion
{
    Task<TSaga?> LoadAsync(NpgsqlConnection connection, Guid correlationId, CancellationToken cancellationToken);

    /// <summary>Inserts a new instance; returns false when a row with its id already exists.</summary>
    Task<bool> InsertAsync(NpgsqlConnection connection, TSaga instance, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the instance if its stored version still equals <paramref name="expectedVersion"/>; the instance's own
    /// <see cref="ISagaVersion.Version"/> is already the new one. Returns false on a version mismatch.
    /// </summary>
    Task<bool> UpdateAsync(NpgsqlConnection connection, TSaga instance, int expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the instance if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<bool> DeleteAsync(NpgsqlConnection connection, TSaga instance, int expectedVersion, CancellationToken cancellationToken);
}
