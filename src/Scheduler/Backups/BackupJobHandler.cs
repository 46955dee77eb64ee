using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Storage;
using Fleet.Workers.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Scheduler.Backups;

/// <summary>
/// <c>backup.run</c>: the Fleet database (pg_dump -Fc; the RL checkpoints and vectors live in it) and the redacted
/// configuration into <c>Backup:Root/&lt;backupId&gt;/</c> with manifest.json; then verified by a restore into a
/// scratch database, retention applied, and the last-success gauge moved. A backup that does not verify fails the job.
/// </summary>
public sealed class BackupJobHandler(
    BackupCatalog catalog,
    DatabaseDump dump,
    RestoreVerifier verifier,
    ConfigurationSnapshot configuration,
    BackupMetrics metrics,
    IOptions<BackupOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider clock,
    ILogger<BackupJobHandler> logger) : IJobHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string JobType => JobTypes.BackupRun;

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var createdAt = clock.GetUtcNow();
        var backupId = BackupCatalog.NewId(createdAt, job.JobId);
        var directory = catalog.PathOf(backupId);
        Directory.CreateDirectory(directory);
        var source = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString);

        await job.ReportProgressAsync(5, "dumping the database", cancellationToken);
        var dumpPath = Path.Combine(directory, BackupManifest.DumpFileName);
        var timer = Stopwatch.StartNew();
        var tables = await dump.WriteAsync(source, dumpPath, cancellationToken);
        var dumpMs = timer.ElapsedMilliseconds;
        await File.WriteAllTextAsync(Path.Combine(directory, BackupManifest.ConfigurationFileName),
            JsonSerializer.Serialize(configuration.Take(), Json), cancellationToken);
        var files = new List<BackupFile>();
        foreach (var name in new[] { BackupManifest.DumpFileName, BackupManifest.ConfigurationFileName })
        {
            files.Add(await DescribeAsync(directory, name, cancellationToken));
        }
        logger.LogInformation("Backup {BackupId}: dumped {Bytes} bytes, {Tables} tables in {Milliseconds} ms", backupId, files[0].Bytes, tables.Count, dumpMs);

        long? verifyMs = null;
        if (options.Value.Verify)
        {
            await job.ReportProgressAsync(50, "verifying by a restore into a scratch database", cancellationToken);
            timer.Restart();
            var differences = await verifier.VerifyAsync(source, backupId, dumpPath, tables, cancellationToken);
            verifyMs = timer.ElapsedMilliseconds;
            if (differences.Count > 0)
            {
                await new BackupManifest(backupId, job.JobId, createdAt, source.Database!, files, tables, false, dumpMs, verifyMs).WriteAsync(directory, cancellationToken);
                throw new InvalidOperationException($"Backup {backupId} did not restore identically: {string.Join("; ", differences)}");
            }
            logger.LogInformation("Backup {BackupId}: verified {Tables} tables in {Milliseconds} ms", backupId, tables.Count, verifyMs);
        }

        var manifest = new BackupManifest(backupId, job.JobId, createdAt, source.Database!, files, tables, options.Value.Verify, dumpMs, verifyMs);
        await manifest.WriteAsync(directory, cancellationToken);
        if (manifest.Verified)
        {
            metrics.Succeeded(createdAt);
        }
        await job.ReportProgressAsync(95, "applying retention", cancellationToken);
        await catalog.PruneAsync(cancellationToken);
        return JsonSerializer.SerializeToElement(new { backupId, bytes = manifest.Bytes, verified = manifest.Verified });
    }

    private static async Task<BackupFile> DescribeAsync(string directory, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new BackupFile(name, stream.Length, Convert.ToHexStringLower(hash));
    }
}
