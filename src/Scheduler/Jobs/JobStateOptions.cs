using System.ComponentModel.DataAnnotations;

namespace Fleet.Scheduler.Jobs;

/// <summary>Retry back-off and concurrency of the job state machine.</summary>
public sealed class JobStateOptions
{
    public const string Section = "JobState";

    /// <summary>Delay before the second attempt; doubles per attempt up to <see cref="MaxRetryDelayMs"/>, ±20% jitter.</summary>
    [Range(1, 3_600_000)] public int FirstRetryDelayMs { get; set; } = 1000;

    [Range(1, 86_400_000)] public int MaxRetryDelayMs { get; set; } = 300_000;

    /// <summary>Partitions of the saga endpoint: messages of one job are handled one at a time, different jobs in parallel.</summary>
    [Range(1, 1024)] public int Partitions { get; set; } = 64;

    /// <summary>
    /// A running job whose worker has not heartbeated for this long is re-dispatched (<c>worker_lost</c>). Keep it
    /// several times the workers' <c>Worker:HeartbeatSeconds</c> (5) and above a database restart.
    /// </summary>
    [Range(5, 86_400)] public int LostAfterSeconds { get; set; } = 30;

    /// <summary>How often the watchdog looks for such jobs.</summary>
    [Range(1, 3_600)] public int WatchdogIntervalSeconds { get; set; } = 5;

    public TimeSpan RetryDelay(int failedAttempt, Random random)
    {
        var exponential = FirstRetryDelayMs * Math.Pow(2, Math.Max(0, failedAttempt - 1));
        var capped = Math.Min(exponential, MaxRetryDelayMs);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * random.NextDouble())));
    }
}
