using System.Diagnostics;

namespace Fleet.Bench.Vectors;

/// <summary>Per-call latencies of one operation, reported as p50/p99/mean in milliseconds.</summary>
public sealed class Latency
{
    private readonly List<double> samples = [];

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
        return $"p50 {At(0.50):0.000} ms, p99 {At(0.99):0.000} ms, mean {sorted.Average():0.000} ms over {sorted.Length} queries";
    }
}
