using System.Diagnostics;

namespace Fleet.Bench;

/// <summary>
/// Polls a count of finished work until all of it has succeeded. Both the Fleet and the Hangfire figures end here,
/// so they share the same 250 ms granularity (under 0.5% of a 20,000-job run at a few hundred jobs/s).
/// </summary>
public static class CompletionPoller
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="expected"/> have succeeded; returns the clock reading when that was seen.</summary>
    /// <exception cref="TimeoutException">Nothing progressed for <paramref name="stallLimit"/>, or a job failed.</exception>
    public static async Task<TimeSpan> WaitAsync(
        string what,
        long expected,
        Stopwatch clock,
        Func<CancellationToken, Task<(long Succeeded, long Failed)>> probe,
        TimeSpan stallLimit,
        CancellationToken ct)
    {
        var lastProgress = clock.Elapsed;
        var lastCount = -1L;
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            var (succeeded, failed) = await probe(ct);
            var now = clock.Elapsed;
            if (succeeded >= expected)
            {
                return now;
            }

            if (failed > 0)
            {
                throw new TimeoutException($"{what}: {failed} of {expected} jobs failed or were cancelled ({succeeded} succeeded)");
            }

            if (succeeded != lastCount)
            {
                lastCount = succeeded;
                lastProgress = now;
            }
            else if (now - lastProgress > stallLimit)
            {
                throw new TimeoutException($"{what}: stuck at {succeeded} of {expected} succeeded for {stallLimit.TotalSeconds:0} s");
            }

            // A progress line every 5 s shows a slow run is alive without flooding the log.
            if (now - lastPrint > TimeSpan.FromSeconds(5))
            {
                lastPrint = now;
                Console.WriteLine($"  {what}: {succeeded}/{expected} succeeded at {now.TotalSeconds:0.0} s");
            }

            await Task.Delay(Interval, ct);
        }
    }
}
