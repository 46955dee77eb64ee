namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary><see cref="StartCountdownConsumer"/> → scheduler → countdown-elapsed queue, like a saga's timeout.</summary>
public record CountdownElapsed
{
    public required Guid CountdownId { get; init; }
}
