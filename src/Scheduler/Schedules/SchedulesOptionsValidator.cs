using Cronos;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Schedules;

/// <summary>A cron that does not parse stops the Scheduler at start, naming the setting.</summary>
public sealed class SchedulesOptionsValidator : IValidateOptions<SchedulesOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulesOptions options)
    {
        var failures = new List<string>();
        foreach (var schedule in RecurringSchedule.All)
        {
            var settings = options.For(schedule.Name);
            if (!settings.IsEnabled)
            {
                continue;
            }
            try
            {
                ScheduleFiring.Parse(settings.Cron!);
            }
            catch (CronFormatException ex)
            {
                failures.Add($"{SchedulesOptions.Section}:{char.ToUpperInvariant(schedule.Name[0])}{schedule.Name[1..]}:Cron '{settings.Cron}' is not a cron expression: {ex.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
