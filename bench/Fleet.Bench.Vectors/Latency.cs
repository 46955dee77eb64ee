using System.Diagnostics;

namespace Fleet.Bench.Vectors;

/// <summary>
/// Per-call latencies of one operation, reported as p50/p99/mean wall-clock milliseconds, plus the process CPU time
/// per call: on a machine shared with other work, wall time measures the queue for a core, CPU time the work itself.
/// </summary>
public sealed class Latency
{
    private readonly List<double> samples = [];
    private readonly TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    public T Measure<T>(Func<T> operation)
    {
        var start = Stopwatch.GetTimestamp();
        var result = operation();
        samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    public string Summary()
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMilliseconds / sorted.Length;
        return $"p50 {At(0.50):0.000} ms, p99 {At(0.99):0.000} ms, mean {sorted.Average():0.000} ms, CPU {cpu:0.000} ms/query over {sorted.Length} queries";
    }
}
