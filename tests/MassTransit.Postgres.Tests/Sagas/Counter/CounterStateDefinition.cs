using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

/// <summary>
/// The endpoint wiring that PostgresSagaRepository asks for: jittered retry so a version conflict reloads, the
/// in-memory outbox inside it so a retried delivery publishes nothing twice, and one partition per counter so a
/// process handles an instance's events one at a time.
/// </summary>
public sealed class CounterStateDefinition : SagaDefinition<CounterState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CounterState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(30, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(250),
            TimeSpan.FromMilliseconds(10)));
        endpointConfigurator.UseInMemoryOutbox(context);

        var partition = endpointConfigurator.CreatePartitioner(8);
        sagaConfigurator.Message<CounterCreated>(m => m.UsePartitioner(partition, c => c.Message.CounterId));
        sagaConfigurator.Message<CounterIncremented>(m => m.UsePartitioner(partition, c => c.Message.CounterId));
        sagaConfigurator.Message<CounterFinished>(m => m.UsePartitioner(partition, c => c.Message.CounterId));
    }
}
