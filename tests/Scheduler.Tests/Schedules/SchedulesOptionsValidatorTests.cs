using Fleet.Scheduler.Schedules;

namespace Fleet.Scheduler.Tests.Schedules;

public sealed class SchedulesOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_with_backup_daily_and_ingestion_off()
    {
        var options = new SchedulesOptions();
        Assert.True(new SchedulesOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("0 3 * * *", options.Backup.Cron);
        Assert.False(options.Ingestion.IsEnabled);
    }

    [Fact]
    public void A_cron_that_does_not_parse_fails_naming_the_setting()
    {
        var options = new SchedulesOptions { Ingestion = new ScheduleOptions { Cron = "every hour" } };
        var result = new SchedulesOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.StartsWith("Schedules:Ingestion:Cron 'every hour' is not a cron expression", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("")]
    [InlineData(null)]
    public void Off_or_empty_turns_a_schedule_off(string? cron) =>
        Assert.False(new ScheduleOptions { Cron = cron }.IsEnabled);
}
