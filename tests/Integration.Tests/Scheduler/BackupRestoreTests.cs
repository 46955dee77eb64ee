using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;
using Npgsql;

namespace Fleet.Integration.Tests.Scheduler;

public sealed class BackupRestoreTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly string[] Questions =
    [
        "How do I restore the database from a pg_dump backup?",
        "What makes the sea rise and fall twice a day?",
        "Who built the stone tower on the Eddystone rocks?",
    ];

    [Fact]
    public async Task Restore_drill_backup_wipe_restore_gives_back_identical_job_rows_and_search_results()
    {
        var ingest = await Fleet.Jobs.SubmitAsync(new JobRequest("ingest.run", new { }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(ingest.Id, "succeeded", TimeSpan.FromSeconds(120), Cancellation);
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add((await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 10, progressSteps = 2 }), Cancellation)).Id);
        }
        foreach (var id in jobs)
        {
            await Fleet.Jobs.WaitForStateAsync(id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);
        }

        var timer = Stopwatch.StartNew();
        var backup = await Fleet.Jobs.SubmitAsync(new JobRequest("backup.run", new { }), Cancellation);
        var done = await Fleet.Jobs.WaitForStateAsync(backup.Id, "succeeded", TimeSpan.FromSeconds(60), Cancellation);
        var backupSeconds = timer.Elapsed.TotalSeconds;
        var backupId = done.Result.GetProperty("backupId").GetString()!;
        Assert.True(done.Result.GetProperty("verified").GetBoolean());
        var directory = Path.Combine(Fleet.BackupRoot, backupId);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "manifest.json"), Cancellation));
        var dump = manifest.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "database.dump");
        Assert.Equal(new FileInfo(Path.Combine(directory, "database.dump")).Length, dump.GetProperty("bytes").GetInt64());
        Assert.Equal(done.Result.GetProperty("bytes").GetInt64(), manifest.RootElement.GetProperty("files").EnumerateArray().Sum(f => f.GetProperty("bytes").GetInt64()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(directory, "database.dump"), Cancellation))), dump.GetProperty("sha256").GetString());
        var tables = manifest.RootElement.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("table").GetString()).ToList();
        Assert.Contains("public.jobs", tables);
        Assert.Contains("public.job_events", tables);
        Assert.Contains("public.api_keys", tables);
        Assert.Contains("public.vector_chunks", tables);
        Assert.DoesNotContain(tables, t => t!.StartsWith("hangfire.", StringComparison.Ordinal));
        var configuration = await File.ReadAllTextAsync(Path.Combine(directory, "configuration.json"), Cancellation);
        Assert.Contains("\"RabbitMq:VirtualHost\": \"" + Fleet.VirtualHost + "\"", configuration);
        Assert.DoesNotContain("Password=fleet", configuration, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"RabbitMq:Password\": \"***\"", configuration);

        var before = await RowsAsync(jobs);
        Assert.Equal(3, before.Count);
        var eventsBefore = await EventsAsync(jobs);
        var searchBefore = await SearchAsync();
        Assert.All(searchBefore, hits => Assert.Equal(3, hits.Count));

        // Wipe: the fleet's processes stop (the in-process Api stays and reconnects), the database goes and comes back empty.
        await Fleet.Scheduler.KillAsync();
        foreach (var worker in Fleet.Workers)
        {
            await worker.KillAsync();
        }
        await RecreateDatabaseAsync(Fleet.Database.Name);
        Fleet.Database.DataSource.Clear();
        Assert.Equal(0, await Fleet.Database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", [], Cancellation));

        timer.Restart();
        var output = await ExternalTool.RunAsync(TestServers.FleetCli,
            ["restore", backupId, "--backup-root", Fleet.BackupRoot, "--database", LibpqUri(Fleet.Database.ConnectionString), "--no-restart"], Cancellation);
        var restoreSeconds = timer.Elapsed.TotalSeconds;
        Assert.StartsWith($"restored backup {backupId} into ", output);
        TestContext.Current.SendDiagnosticMessage($"RTO figures: backup.run {backupSeconds:0.00} s end to end, restore {restoreSeconds:0.00} s");

        Assert.Equal(before, await RowsAsync(jobs));
        Assert.Equal(eventsBefore, await EventsAsync(jobs));
        // The in-process Api kept its in-memory copy of the vectors through the wipe: it must notice the restored table
        // and reload from it, so these are the restored rows' results, not the copy's memory of the old ones.
        Assert.Equal(searchBefore, await SearchAsync());
        // The backup's own job was running when the dump was taken; the restore records how it ended.
        Assert.Equal("succeeded", await Fleet.Database.ScalarAsync<string>("SELECT state FROM jobs WHERE id = $1", [backup.Id], Cancellation));

        // And the restored fleet works: its processes start on the restored database and run a new job.
        await Fleet.EnsureFleetUpAsync(Cancellation);
        var after = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 10 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(after.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);
    }

    [Fact]
    public async Task Restore_of_an_unknown_backup_id_fails_with_one_line()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalTool.RunAsync(TestServers.FleetCli,
            ["restore", "20200101T000000Z-deadbeef", "--backup-root", Fleet.BackupRoot, "--database", LibpqUri(Fleet.Database.ConnectionString), "--no-restart"], Cancellation));
        Assert.Contains("exited with 1", error.Message);
        Assert.Contains("fleet: error: unknown backup ID: 20200101T000000Z-deadbeef (no " + Fleet.BackupRoot + "/20200101T000000Z-deadbeef/manifest.json", error.Message);
        Assert.Equal(1, error.Message.Split('\n').Count(l => l.StartsWith("fleet: error:", StringComparison.Ordinal)));
    }

    /// <summary>Top 3 of each question, as (document, chunk, score), through POST /v1/search.</summary>
    private async Task<List<List<(string Document, int Chunk, double Score)>>> SearchAsync()
    {
        var results = new List<List<(string, int, double)>>();
        foreach (var question in Questions)
        {
            using var response = await Fleet.Client.PostAsJsonAsync("/v1/search", new { query = question, topK = 3 }, Cancellation);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            results.Add([.. body.GetProperty("items").EnumerateArray().Select(i =>
                (i.GetProperty("documentId").GetString()!, i.GetProperty("chunk").GetInt32(), i.GetProperty("score").GetDouble()))]);
        }
        return results;
    }

    private async Task<List<string>> RowsAsync(IReadOnlyList<Guid> ids) =>
        await TextRowsAsync("SELECT row_to_json(j)::text FROM jobs j WHERE id = ANY($1) ORDER BY id", ids);

    private async Task<List<string>> EventsAsync(IReadOnlyList<Guid> ids) =>
        await TextRowsAsync("SELECT row_to_json(e)::text FROM job_events e WHERE job_id = ANY($1) ORDER BY id", ids);

    private async Task<List<string>> TextRowsAsync(string sql, IReadOnlyList<Guid> ids)
    {
        var rows = new List<string>();
        await using var command = Fleet.Database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private static async Task RecreateDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(TestServers.PostgresAdminUnpooled);
        await admin.OpenAsync(Cancellation);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync(Cancellation);
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync(Cancellation);
        NpgsqlConnection.ClearAllPools();
    }

    private static string LibpqUri(string connectionString)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{Uri.EscapeDataString(c.Username!)}:{Uri.EscapeDataString(c.Password!)}@{c.Host}:{c.Port}/{c.Database}";
    }
}
