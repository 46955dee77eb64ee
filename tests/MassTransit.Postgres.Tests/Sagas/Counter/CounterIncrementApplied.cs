namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

/// <summary>Counter saga → anyone: an increment was stored, making the count <paramref name="Count"/>.</summary>
public record CounterIncrementApplied(Guid CounterId, int Count);
