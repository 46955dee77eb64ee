using System.Collections.Concurrent;

namespace Fleet.Workers.Jobs;

/// <summary>
/// The attempts running in this process, so a StopJobRun can cancel one; and the jobs stopped before their RunJob
/// arrived here, remembered for a while so that RunJob is skipped (cancel of a queued job: it never starts).
/// </summary>
public sealed class RunningJobs(TimeProvider clock)
{
    private static readonly TimeSpan RememberStopsFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> stopped = new();

    public void Add(Guid jobId, CancellationTokenSource stop) => running[jobId] = stop;

    public void Remove(Guid jobId) => running.TryRemove(jobId, out _);

    public bool WasStopped(Guid jobId) => stopped.ContainsKey(jobId);

    /// <summary>The jobs with an attempt running here now.</summary>
    public Guid[] Ids() => [.. running.Keys];

    /// <summary>Cancels the attempt if it runs here and remembers the stop either way.</summary>
    public async Task StopAsync(Guid jobId)
    {
        var now = clock.GetUtcNow();
        stopped[jobId] = now;
        foreach (var old in stopped.Where(s => now - s.Value > RememberStopsFor))
        {
            stopped.TryRemove(old.Key, out _);
        }
        if (running.TryGetValue(jobId, out var stop))
        {
            await stop.CancelAsync();
        }
    }
}
