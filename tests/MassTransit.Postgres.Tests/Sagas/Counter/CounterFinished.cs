namespace Fleet.MassTransit.Postgres.Tests.Sagas.Counter;

/// <summary>Test → counter saga: finalize, which deletes the instance.</summary>
public record CounterFinished(Guid CounterId);
