namespace Fleet.Scheduler.Backups;

/// <summary>A backup folder as retention sees it.</summary>
public sealed record StoredBackup(string BackupId, DateTimeOffset CreatedAt, bool Verified);

/// <summary>
/// Which backups go: beyond the newest <see cref="BackupOptions.MaxCount"/>, or older than
/// <see cref="BackupOptions.RetentionDays"/>; never the newest verified one, so a fleet whose backups failed for a
/// month still has its last good one.
/// </summary>
public static class BackupRetention
{
    public static IReadOnlyList<string> Expired(IEnumerable<StoredBackup> backups, DateTimeOffset now, int retentionDays, int maxCount)
    {
        var newestFirst = backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.BackupId, StringComparer.Ordinal).ToList();
        var lastGood = newestFirst.FirstOrDefault(b => b.Verified)?.BackupId;
        return newestFirst
            .Where((b, index) => b.BackupId != lastGood && (index >= maxCount || now - b.CreatedAt > TimeSpan.FromDays(retentionDays)))
            .Select(b => b.BackupId)
            .ToList();
    }
}
