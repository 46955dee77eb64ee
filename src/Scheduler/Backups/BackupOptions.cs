using System.ComponentModel.DataAnnotations;

namespace Fleet.Scheduler.Backups;

/// <summary>Where backup.run writes backups, how long they are kept, and the PostgreSQL client tools it uses.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>The backup folder; each backup is a sub-folder named by its id, with manifest.json.</summary>
    [Required(ErrorMessage = "Backup:Root must name the folder that backups are written to.")]
    public string Root { get; set; } = "backups";

    /// <summary>Backups older than this are deleted (the newest verified one never is).</summary>
    [Range(1, 3650)] public int RetentionDays { get; set; } = 30;

    /// <summary>At most this many backups are kept.</summary>
    [Range(1, 10_000)] public int MaxCount { get; set; } = 30;

    /// <summary>Restore every backup into a scratch database and compare it table by table before calling it good.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Where pg_dump and pg_restore are; empty uses PATH.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Configuration sections copied (secrets redacted) into configuration.json of each backup.</summary>
    public IList<string> ConfigurationSections { get; } =
        ["Database", "ConnectionStrings", "RabbitMq", "Auth", "Schedules", "Backup", "Dashboard", "JobState", "Worker", "Jobs", "Outbox", "Serilog"];
}
