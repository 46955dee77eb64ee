namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>Test → <see cref="StartCountdownConsumer"/>, which schedules a <see cref="CountdownElapsed"/> from inside the consumer.</summary>
public record StartCountdown
{
    public required Guid CountdownId { get; init; }
}
