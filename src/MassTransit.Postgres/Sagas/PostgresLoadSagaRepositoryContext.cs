using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>Backs <see cref="ILoadSagaRepository{TSaga}"/>: reads one instance outside any message.</summary>
internal sealed class PostgresLoadSagaRepositoryContext<TSaga>(
    PostgresSagaSession session,
    ISagaStore<TSaga> store,
    CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    /// <returns>The instance, or null when there is none (MassTransit's own repositories do the same).</returns>
    public async Task<TSaga> Load(Guid correlationId)
    {
        var connection = await session.GetConnectionAsync(CancellationToken);
        return (await store.LoadAsync(connection, correlationId, CancellationToken))!;
    }
}
