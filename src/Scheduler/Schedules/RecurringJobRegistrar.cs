using Hangfire;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Schedules;

/// <summary>
/// Writes each schedule's Hangfire recurring job from configuration at start (every replica writes the same
/// definition; Hangfire's recurring-job lock lets one of them fire each occurrence), and removes the ones turned off.
/// </summary>
public sealed class RecurringJobRegistrar(IRecurringJobManager recurringJobs, IOptions<SchedulesOptions> options, ILogger<RecurringJobRegistrar> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var schedule in RecurringSchedule.All)
        {
            var settings = options.Value.For(schedule.Name);
            if (!settings.IsEnabled)
            {
                recurringJobs.RemoveIfExists(schedule.Name);
                logger.LogInformation("Schedule {Schedule} is off", schedule.Name);
                continue;
            }
            var name = schedule.Name;
            recurringJobs.AddOrUpdate<ScheduledJobFiring>(
                name,
                firing => firing.SubmitAsync(name, null!, CancellationToken.None),
                settings.Cron!.Trim(),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            logger.LogInformation("Schedule {Schedule} submits {JobType} at cron {Cron} (UTC)", schedule.Name, schedule.JobType, settings.Cron);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
