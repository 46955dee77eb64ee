using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Scheduler;

public sealed class RecurringScheduleTests(FleetServers fleet) : FleetTest(fleet)
{
    private const string AdminKey = "sched-it-admin-key-0123456789abcdef";

    [Fact]
    public async Task Two_Scheduler_replicas_submit_one_job_per_occurrence_of_a_schedule()
    {
        await using var replicas = await SchedulerReplicas.StartAsync(Fleet, 2, new Dictionary<string, string>
        {
            ["Schedules__Ingestion__Cron"] = "*/3 * * * * *",
            ["Schedules__Backup__Cron"] = "off",
            ["Schedules__PollIntervalMs"] = "200",
        }, Cancellation);
        Assert.Equal(2, await Poll.UntilAsync(
            () => replicas.Database.ScalarAsync<long>("SELECT count(*) FROM hangfire.server", [], Cancellation),
            servers => servers == 2, $"two Hangfire servers on one database\n{replicas.Describe()}", TimeSpan.FromSeconds(15), Cancellation));

        var keys = await Poll.UntilAsync(
            () => IngestionKeysAsync(replicas.Database),
            found => found.Count >= 4,
            $"four ingest.run jobs submitted by the schedule\n{replicas.Describe()}",
            TimeSpan.FromSeconds(25),
            Cancellation,
            found => string.Join(", ", found));

        // Every row is its own occurrence of "*/3 * * * * *": consecutive, 3 s apart, none twice, none skipped.
        var occurrences = keys.Select(k => DateTimeOffset.ParseExact(k["schedule:ingestion:".Length..], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)).ToList();
        Assert.All(occurrences, o => Assert.Equal(0, o.Second % 3));
        Assert.All(occurrences.Zip(occurrences.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(3), pair.Second - pair.First));
        Assert.Equal(keys.Count, await replicas.Database.ScalarAsync<long>(
            "SELECT count(*) FROM jobs WHERE type = 'ingest.run' AND tenant_id = 'default'", [], Cancellation));
        Assert.All(replicas.Processes, p => Assert.False(p.HasExited, $"{p.Name} exited: {p.LogPath}"));
    }

    [Fact]
    public async Task A_schedule_fired_twice_for_one_occurrence_submits_one_job()
    {
        // Hourly: both manual triggers below fall within one occurrence, as a double firing by two replicas would.
        await using var replicas = await SchedulerReplicas.StartAsync(Fleet, 1, new Dictionary<string, string>
        {
            ["Schedules__Ingestion__Cron"] = "0 * * * *",
            ["Schedules__Backup__Cron"] = "off",
            ["Schedules__PollIntervalMs"] = "200",
            ["Auth__BootstrapAdminKey"] = AdminKey,
        }, Cancellation);
        using var dashboard = new HttpClient { BaseAddress = replicas.Processes[0].BaseAddress };
        dashboard.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        for (var firing = 1; firing <= 2; firing++)
        {
            using var trigger = await dashboard.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "ingestion")]), Cancellation);
            Assert.Equal(HttpStatusCode.NoContent, trigger.StatusCode);
        }
        await Poll.UntilAsync(
            () => replicas.Database.ScalarAsync<long>(
                "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND invocationdata::text LIKE '%ScheduledJobFiring%'", [], Cancellation),
            succeeded => succeeded == 2, $"both Hangfire firings to succeed\n{replicas.Describe()}", TimeSpan.FromSeconds(20), Cancellation);

        var hour = DateTimeOffset.UtcNow;
        var keys = await IngestionKeysAsync(replicas.Database);
        Assert.Equal([$"schedule:ingestion:{hour:yyyyMMdd'T'HH}0000Z"], keys);
    }

    private static async Task<List<string>> IngestionKeysAsync(TestDatabase database)
    {
        var keys = new List<string>();
        var cancellation = TestContext.Current.CancellationToken;
        await using var command = database.DataSource.CreateCommand(
            "SELECT idempotency_key FROM jobs WHERE type = 'ingest.run' ORDER BY idempotency_key");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }
}
