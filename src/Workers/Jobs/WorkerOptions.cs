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

    /// <summary>
    /// How long an attempt runs before the worker reports it started. Jobs that finish sooner report their start in
    /// their outcome instead (one message and one state write fewer per job); 0 reports every start at once.
    /// </summary>
    [Range(0, 60_000)] public int StartedReportDelayMs { get; set; } = 200;

    /// <summary>
    /// How often running attempts stamp their heartbeat. Keep it well under the Scheduler's
    /// <c>JobState:LostAfterSeconds</c> (default 30): a job whose heartbeat is older than that is re-dispatched.
    /// </summary>
    [Range(1, 300)] public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>
    /// Fleet-wide caps per job type (key: the type, <c>rl.train</c> or <c>rl-train</c>), held however many workers
    /// run: e.g. <c>Worker:FleetLimits:rl.train = 2</c>. Every worker must be given the same value.
    /// </summary>
    public Dictionary<string, int> FleetLimits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often a job waiting for a fleet-wide slot looks again (±50%).</summary>
    [Range(10, 60_000)] public int FleetLimitPollMs { get; set; } = 500;
}
