using MassTransit;
using MassTransit.Saga;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// MassTransit's saga repository on PostgreSQL, Fleet's stand-in for MassTransit.EntityFrameworkCore: rows are read and
/// written by an <see cref="ISagaStore{TSaga}"/> (<see cref="JsonSagaStore{TSaga}"/> unless a saga registers its own),
/// one connection per message, with optimistic concurrency on <see cref="ISagaVersion.Version"/>. Register it with
/// <see cref="PostgresSagaRepositoryRegistrationProvider"/> or
/// <see cref="PostgresSagaRepositoryRegistrationExtensions.PostgresRepository{TSaga}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Concurrency is optimistic: no row lock is held while the state machine runs. When deliveries of events for the
/// same instance overlap (two processes, or two threads of one), the later write finds a newer version and throws
/// <see cref="ConcurrencyException"/>. Nothing is lost only if the saga's endpoint retries that message, which loads
/// the instance again. So every saga endpoint on this repository configures, in its SagaDefinition:
/// </para>
/// <code>
/// protected override void ConfigureSaga(IReceiveEndpointConfigurator endpoint, ISagaConfigurator&lt;JobState&gt; saga,
///     IRegistrationContext context)
/// {
///     // Jittered back-off (MassTransit randomises each interval), with room for many conflicts: a hot instance
///     // conflicts often (the spike saw 3,020 conflicts for 1,000 events on 20 sagas). r.Intervals(...) also works.
///     endpoint.UseMessageRetry(r => r.Exponential(20, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1),
///         TimeSpan.FromMilliseconds(20)));
///     // Inside the retry: the state machine publishes before the repository writes, so without the outbox a
///     // delivery that loses a conflict would still have published, and its retry would publish again.
///     endpoint.UseInMemoryOutbox(context);
///     // One partition per instance, so a process applies an instance's events one at a time and conflicts only
///     // happen between processes. Partition every event the saga consumes.
///     var partition = endpoint.CreatePartitioner(16);
///     saga.Message&lt;JobStarted&gt;(m =&gt; m.UsePartitioner(partition, c =&gt; c.Message.JobId));
/// }
/// </code>
/// <para>
/// Queries (<c>CorrelateBy(expression)</c>) are not supported: correlate every event by id. An event that finds no
/// instance and is not accepted in <c>Initially</c> is acknowledged silently by MassTransit unless the event's
/// <c>OnMissingInstance</c> says otherwise. An event that changes nothing (<c>Ignore</c>) still writes the row and
/// bumps its version.
/// </para>
/// </remarks>
public sealed class PostgresSagaRepository<TSaga>(
    NpgsqlDataSource dataSource,
    ISagaStore<TSaga> store,
    ISagaConsumeContextFactory<PostgresSagaSession, TSaga> consumeContextFactory)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        await using var session = new PostgresSagaSession(dataSource);
        var repositoryContext = new PostgresSagaRepositoryContext<TSaga, T>(session, store, context, consumeContextFactory);
        await next.Send(repositoryContext);
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException(
            $"The PostgreSQL saga repository finds {typeof(TSaga).Name} instances by correlation id only, but the event for " +
            $"{typeof(T).Name} is correlated by a query expression. Correlate it with CorrelateById.");

    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken)
        where T : class
    {
        await using var session = new PostgresSagaSession(dataSource);
        return await asyncMethod(new PostgresLoadSagaRepositoryContext<TSaga>(session, store, cancellationToken));
    }

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "postgresql");
        context.Add("sagaStore", store.GetType().Name);
    }
}
