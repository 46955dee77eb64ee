namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

/// <summary>Test → counter saga: add one.</summary>
public record CounterIncremented(Guid CounterId);
