using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

public sealed class CounterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Count { get; set; }
    public int Version { get; set; }
}
