using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Backups;

/// <summary>
/// The backup folder: ids, where each backup lies, retention, and the last-success gauge at start (so a restarted
/// Scheduler does not report "never backed up").
/// </summary>
public sealed partial class BackupCatalog(IOptions<BackupOptions> options, BackupMetrics metrics, TimeProvider clock, ILogger<BackupCatalog> logger)
    : IHostedService
{
    public string Root => Path.GetFullPath(options.Value.Root);

    /// <summary><c>20260101T030000Z-1a2b3c4d</c>: sortable by time, unique by the job's id.</summary>
    public static string NewId(DateTimeOffset now, Guid jobId) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + jobId.ToString("N")[^8..];

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    public string PathOf(string backupId) => IsId(backupId)
        ? Path.Combine(Root, backupId)
        : throw new ArgumentException($"'{backupId}' is not a backup id.", nameof(backupId));

    public async Task<IReadOnlyList<(string Id, BackupManifest? Manifest, DateTime WrittenAt)>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<(string, BackupManifest?, DateTime)>();
        if (!Directory.Exists(Root))
        {
            return found;
        }
        foreach (var directory in Directory.EnumerateDirectories(Root).Where(d => IsId(Path.GetFileName(d))))
        {
            found.Add((Path.GetFileName(directory), await BackupManifest.TryReadAsync(directory, cancellationToken), Directory.GetLastWriteTimeUtc(directory)));
        }
        return found;
    }

    /// <summary>Deletes expired backups, and folders of backups that died half-written more than a day ago.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var all = await ListAsync(cancellationToken);
        var complete = all.Where(b => b.Manifest is not null).Select(b => new StoredBackup(b.Id, b.Manifest!.CreatedAt, b.Manifest.Verified));
        var expired = BackupRetention.Expired(complete, now, settings.RetentionDays, settings.MaxCount).ToList();
        expired.AddRange(all.Where(b => b.Manifest is null && now - b.WrittenAt > TimeSpan.FromDays(1)).Select(b => b.Id));
        foreach (var id in expired)
        {
            Directory.Delete(PathOf(id), recursive: true);
            logger.LogInformation("Deleted backup {BackupId} (retention)", id);
        }
        return expired;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var newest = (await ListAsync(cancellationToken)).Select(b => b.Manifest).Where(m => m?.Verified == true).MaxBy(m => m!.CreatedAt);
        if (newest is not null)
        {
            metrics.Succeeded(newest.CreatedAt);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$")]
    private static partial Regex IdPattern();
}
