using MassTransit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Created, e => e.CorrelateById(c => c.Message.CounterId));
        Event(() => Incremented, e => e.CorrelateById(c => c.Message.CounterId));
        Event(() => Finished, e => e.CorrelateById(c => c.Message.CounterId));

        Initially(When(Created).TransitionTo(Active));
        During(Active,
            Ignore(Created),
            When(Incremented)
                .Then(c => c.Saga.Count++)
                .Publish(c => new CounterIncrementApplied(c.Saga.CorrelationId, c.Saga.Count)),
            When(Finished).Finalize());
        SetCompletedWhenFinalized();
    }

    public State Active { get; private set; } = null!;
    public Event<CounterCreated> Created { get; private set; } = null!;
    public Event<CounterIncremented> Incremented { get; private set; } = null!;
    public Event<CounterFinished> Finished { get; private set; } = null!;
}
