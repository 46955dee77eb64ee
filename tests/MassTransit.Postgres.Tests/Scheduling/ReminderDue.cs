namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>Test → scheduler → reminders queue: the payload a test schedules and expects back.</summary>
public record ReminderDue
{
    public required Guid ReminderId { get; init; }
    public required string Text { get; init; }
}
