using Fleet.Scheduler.Backups;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Tests.Backups;

public sealed class ConfigurationSnapshotTests
{
    [Fact]
    public void Secrets_are_redacted_and_other_settings_kept()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = "Host=db;Port=5432;Database=fleet;Username=fleet;Password=s3cret",
            ["RabbitMq:Host"] = "mq",
            ["RabbitMq:Password"] = "s3cret",
            ["Auth:BootstrapAdminKey"] = "fleet_abc",
            ["Schedules:Backup:Cron"] = "0 3 * * *",
            ["PATH"] = "/usr/bin",
        }).Build();

        var settings = new ConfigurationSnapshot(configuration, Options.Create(new BackupOptions())).Take();

        Assert.Equal("Host=db;Port=5432;Database=fleet;Username=fleet;Password=***", settings["ConnectionStrings:Fleet"]);
        Assert.Equal("***", settings["RabbitMq:Password"]);
        Assert.Equal("***", settings["Auth:BootstrapAdminKey"]);
        Assert.Equal("mq", settings["RabbitMq:Host"]);
        Assert.Equal("0 3 * * *", settings["Schedules:Backup:Cron"]);
        Assert.False(settings.ContainsKey("PATH"));
        Assert.DoesNotContain(settings.Values, v => v?.Contains("s3cret", StringComparison.Ordinal) == true || v == "fleet_abc");
    }
}
