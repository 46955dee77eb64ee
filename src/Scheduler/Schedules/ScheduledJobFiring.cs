using System.ComponentModel;
using Fleet.ServiceDefaults;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Schedules;

/// <summary>
/// What a Hangfire recurring job runs: it does no work itself, it submits the schedule's fleet job for this
/// occurrence (the fleet runs, retries, times out and reports it like any other job). Re-entrant by its key.
/// </summary>
public sealed class ScheduledJobFiring(ScheduledJobSubmitter submitter, IOptions<SchedulesOptions> options, ILogger<ScheduledJobFiring> logger)
{
    [DisplayName("Submit the {0} job")]
    [AutomaticRetry(Attempts = 10)]
    public async Task SubmitAsync(string schedule, PerformContext context, CancellationToken cancellationToken)
    {
        var definition = RecurringSchedule.Find(schedule);
        var cron = options.Value.For(schedule).Cron
            ?? throw new InvalidOperationException($"Schedule {schedule} fired but has no cron configured.");
        var firedAt = new DateTimeOffset(DateTime.SpecifyKind(context.BackgroundJob.CreatedAt, DateTimeKind.Utc));
        var occurrence = ScheduleFiring.Occurrence(cron, firedAt);
        var key = ScheduleFiring.IdempotencyKey(schedule, occurrence);
        var (jobId, created) = await submitter.SubmitAsync(definition.JobType, key, cancellationToken);
        using var _ = logger.BeginJobScope(jobId, definition.JobType);
        if (created)
        {
            logger.LogInformation("Schedule {Schedule} fired for {Occurrence:O}: submitted {JobType} as {IdempotencyKey}", schedule, occurrence, definition.JobType, key);
        }
        else
        {
            logger.LogInformation("Schedule {Schedule} fired again for {Occurrence:O}: job {IdempotencyKey} exists already", schedule, occurrence, key);
        }
    }
}
