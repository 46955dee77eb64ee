using System.Globalization;
using Cronos;

namespace Fleet.Scheduler.Schedules;

/// <summary>
/// Which occurrence of a schedule a Hangfire firing stands for, and the idempotency key of the fleet job it submits.
/// The key depends on the occurrence only, so however often one occurrence is fired (two Scheduler replicas, a
/// retried Hangfire job, a restart mid-firing) it submits one fleet job.
/// </summary>
public static class ScheduleFiring
{
    /// <summary>Parses a 5-field (minutes) or 6-field (seconds first) cron expression, as Hangfire does.</summary>
    public static CronExpression Parse(string cron)
    {
        var trimmed = cron.Trim();
        var format = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.Parse(trimmed, format);
    }

    /// <summary>
    /// The latest occurrence of <paramref name="cron"/> at or before <paramref name="firedAt"/> (UTC): the one Hangfire
    /// was firing when it created the job at <paramref name="firedAt"/>.
    /// </summary>
    public static DateTimeOffset Occurrence(string cron, DateTimeOffset firedAt)
    {
        var expression = Parse(cron);
        var at = firedAt.UtcDateTime;
        // Walk back in widening windows until one holds an occurrence; a yearly schedule needs about a year.
        for (var window = TimeSpan.FromMinutes(2); window <= TimeSpan.FromDays(800); window *= 4)
        {
            var latest = expression.GetOccurrences(at - window, at, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true)
                .Select(o => (DateTime?)o)
                .LastOrDefault();
            if (latest is { } occurrence)
            {
                return new DateTimeOffset(occurrence, TimeSpan.Zero);
            }
        }
        throw new InvalidOperationException($"The cron expression '{cron}' has no occurrence before {firedAt:O}.");
    }

    /// <summary><c>schedule:&lt;name&gt;:&lt;occurrence, UTC, ISO 8601 basic&gt;</c>, e.g. <c>schedule:backup:20260101T030000Z</c>.</summary>
    public static string IdempotencyKey(string schedule, DateTimeOffset occurrence) =>
        $"schedule:{schedule}:{occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
}
