using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// What MassTransit drives for one message: Load → behaviour → Update (or Delete once finalized), or for a new
/// instance Add → behaviour → Save (or Discard). Every write is guarded by the saga's version, so two processes
/// handling events of the same instance never lose an update: the loser gets <see cref="ConcurrencyException"/>,
/// and the endpoint's message retry runs it again against a fresh load.
/// </summary>
internal sealed class PostgresSagaRepositoryContext<TSaga, TMessage>
    : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private const int FirstVersion = 1;

    private readonly PostgresSagaSession _session;
    private readonly ISagaStore<TSaga> _store;
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<PostgresSagaSession, TSaga> _factory;

    // Not a primary constructor: the consume context goes to the base scope and is also kept for the factory.
    public PostgresSagaRepositoryContext(
        PostgresSagaSession session,
        ISagaStore<TSaga> store,
        ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<PostgresSagaSession, TSaga> factory)
        : base(consumeContext)
    {
        _session = session;
        _store = store;
        _consumeContext = consumeContext;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_session, _consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>Used when the saga inserts on its initial event; a duplicate returns null so MassTransit loads instead.</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>?> Insert(TSaga instance)
    {
        instance.Version = FirstVersion;
        var connection = await _session.GetConnectionAsync(CancellationToken);
        if (!await _store.InsertAsync(connection, instance, CancellationToken))
        {
            return null;
        }
        return await _factory.CreateSagaConsumeContext(_session, _consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Load(Guid correlationId)
    {
        var connection = await _session.GetConnectionAsync(CancellationToken);
        var instance = await _store.LoadAsync(connection, correlationId, CancellationToken);
        return instance is null
            ? null
            : await _factory.CreateSagaConsumeContext(_session, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        context.Saga.Version = FirstVersion;
        var connection = await _session.GetConnectionAsync(CancellationToken);
        if (!await _store.InsertAsync(connection, context.Saga, CancellationToken))
        {
            // Another process created the instance between our load and this insert: retrying loads theirs.
            throw Conflict(context.Saga, "was created concurrently");
        }
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        var instance = context.Saga;
        var expectedVersion = instance.Version;
        instance.Version = expectedVersion + 1;
        var connection = await _session.GetConnectionAsync(CancellationToken);
        if (!await _store.UpdateAsync(connection, instance, expectedVersion, CancellationToken))
        {
            throw Conflict(instance, $"changed since version {expectedVersion} was loaded");
        }
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        var connection = await _session.GetConnectionAsync(CancellationToken);
        if (!await _store.DeleteAsync(connection, context.Saga, context.Saga.Version, CancellationToken))
        {
            throw Conflict(context.Saga, $"changed since version {context.Saga.Version} was loaded");
        }
    }

    // Nothing was written for an added instance, and Update/Delete are the only writes for a loaded one.
    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_session, consumeContext, instance, mode);

    private static ConcurrencyException Conflict(TSaga instance, string what) =>
        new($"{typeof(TSaga).Name} {instance.CorrelationId} {what}", typeof(TSaga), instance.CorrelationId);
}
