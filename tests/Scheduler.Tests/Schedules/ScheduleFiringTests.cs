using Fleet.Scheduler.Schedules;

namespace Fleet.Scheduler.Tests.Schedules;

public sealed class ScheduleFiringTests
{
    [Theory]
    [InlineData("0 3 * * *", "2026-01-02T03:00:00.120Z", "2026-01-02T03:00:00Z")]
    [InlineData("0 3 * * *", "2026-01-02T17:45:00Z", "2026-01-02T03:00:00Z")]
    [InlineData("0 3 * * *", "2026-01-02T02:59:59Z", "2026-01-01T03:00:00Z")]
    [InlineData("*/3 * * * * *", "2026-01-02T10:00:07.900Z", "2026-01-02T10:00:06Z")]
    [InlineData("0 0 1 1 *", "2026-06-30T12:00:00Z", "2026-01-01T00:00:00Z")]
    public void Occurrence_is_the_latest_one_at_or_before_the_firing(string cron, string firedAt, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ScheduleFiring.Occurrence(cron, DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Two_firings_of_one_occurrence_share_a_key_and_the_next_occurrence_does_not()
    {
        var first = ScheduleFiring.Occurrence("0 3 * * *", new DateTimeOffset(2026, 1, 2, 3, 0, 0, 50, TimeSpan.Zero));
        var late = ScheduleFiring.Occurrence("0 3 * * *", new DateTimeOffset(2026, 1, 2, 3, 14, 0, TimeSpan.Zero));
        var next = ScheduleFiring.Occurrence("0 3 * * *", new DateTimeOffset(2026, 1, 3, 3, 0, 1, TimeSpan.Zero));

        Assert.Equal("schedule:backup:20260102T030000Z", ScheduleFiring.IdempotencyKey("backup", first));
        Assert.Equal(ScheduleFiring.IdempotencyKey("backup", first), ScheduleFiring.IdempotencyKey("backup", late));
        Assert.Equal("schedule:backup:20260103T030000Z", ScheduleFiring.IdempotencyKey("backup", next));
    }
}
