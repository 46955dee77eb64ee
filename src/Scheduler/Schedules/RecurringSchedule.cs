using Fleet.Contracts.Jobs;

namespace Fleet.Scheduler.Schedules;

/// <summary>A concern that runs on a schedule: the Hangfire recurring job's id and the fleet job type it submits.</summary>
public sealed record RecurringSchedule(string Name, string JobType)
{
    public const string IngestionName = "ingestion";
    public const string BackupName = "backup";

    public static readonly IReadOnlyList<RecurringSchedule> All =
    [
        new(IngestionName, JobTypes.IngestRun),
        new(BackupName, JobTypes.BackupRun),
    ];

    public static RecurringSchedule Find(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "No such schedule.");
}
