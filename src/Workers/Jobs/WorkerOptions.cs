using System.ComponentModel.DataAnnotations;

namespace Fleet.Workers.Jobs;

/// <summary>Who this worker is and how many jobs of each type it runs at once.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Shown as the job's worker; defaults to host and process id.</summary>
    [Required] public string Id { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Jobs of one type this process runs at the same time (and holds unacknowledged).</summary>
    [Range(1, 4096)] public int ConcurrencyPerType { get; set; } = 256;
}
