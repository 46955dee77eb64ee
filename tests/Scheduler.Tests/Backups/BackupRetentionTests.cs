using Fleet.Scheduler.Backups;

namespace Fleet.Scheduler.Tests.Backups;

public sealed class BackupRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static StoredBackup Daily(int daysAgo, bool verified = true) =>
        new($"{Now.AddDays(-daysAgo):yyyyMMdd}T120000Z-0000000{daysAgo % 10}", Now.AddDays(-daysAgo), verified);

    [Fact]
    public void Backups_older_than_the_retention_go()
    {
        var backups = Enumerable.Range(0, 40).Select(d => Daily(d)).ToList();
        var expired = BackupRetention.Expired(backups, Now, retentionDays: 30, maxCount: 100);
        Assert.Equal(backups.Skip(31).Select(b => b.BackupId), expired);
    }

    [Fact]
    public void Backups_beyond_the_count_go_newest_kept()
    {
        var backups = Enumerable.Range(0, 10).Select(d => Daily(d)).Reverse().ToList();
        var expired = BackupRetention.Expired(backups, Now, retentionDays: 30, maxCount: 3);
        Assert.Equal(Enumerable.Range(3, 7).Select(d => Daily(d).BackupId), expired);
    }

    [Fact]
    public void The_newest_verified_backup_stays_however_old_it_is()
    {
        var lastGood = Daily(90);
        var backups = new[] { Daily(1, verified: false), Daily(2, verified: false), lastGood, Daily(120) };
        var expired = BackupRetention.Expired(backups, Now, retentionDays: 30, maxCount: 2);
        Assert.Equal([Daily(120).BackupId], expired);
    }
}
