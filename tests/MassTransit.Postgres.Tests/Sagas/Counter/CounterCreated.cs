namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

/// <summary>Test → counter saga: start counting from zero.</summary>
public record CounterCreated(Guid CounterId);
