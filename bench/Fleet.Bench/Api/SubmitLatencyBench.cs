using System.Diagnostics;

namespace Fleet.Bench.Api;

/// <summary>
/// POST /v1/jobs latency at a fixed arrival rate (open loop: request i is due at i/rate whatever earlier ones do, and
/// its latency counts from that due time, so a stall shows in the tail instead of silently slowing the sender) while
/// the workers chew through a backlog.
/// </summary>
public sealed class SubmitLatencyBench(BenchEnvironment env, BenchReport report)
{
    public async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var rate = args.Number("rate", 500);
        var seconds = args.Number("seconds", 15);
        var backlog = args.Number("backlog", 10_000);
        var total = rate * seconds;
        Console.WriteLine($"== submit-latency: {rate} POST/s for {seconds} s (open loop) over a backlog of {backlog} jobs");

        using var bulk = new FleetClient(env, 64);
        using var client = new FleetClient(env, 1024);
        await using var probe = new FleetJobsProbe(env);

        // Open the latency client's first connections now, so the window does not time connection set-up.
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => client.SubmitNoopAsync(ct)));
        var backlogRun = await BulkSubmitter.SubmitAsync(bulk, backlog, 64, Stopwatch.StartNew(), ct);
        var busyAtStart = await probe.UnfinishedAsync(backlogRun.Ids, ct);

        var latency = new double[total];
        var service = new double[total];
        var lag = new double[total];
        var status = new int[total];
        var inflight = new Task[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromTicks(i * TimeSpan.TicksPerSecond / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            inflight[i] = FireAsync(i, due);
        }

        var sendWindow = clock.Elapsed;
        await Task.WhenAll(inflight);
        var busyAtEnd = await probe.UnfinishedAsync(backlogRun.Ids, ct);

        var accepted = status.Count(s => s is 200 or 201 or 202);
        var throttled = status.Count(s => s == 429);
        var failed = total - accepted - throttled;
        var detail = $"{rate}/s open loop, {seconds} s, {total} requests, backlog {backlog}";
        Array.Sort(latency);
        Array.Sort(service);
        Array.Sort(lag);
        report.Add("submit.latency_p50_ms", Percentile(latency, 0.50), "ms", detail);
        report.Add("submit.latency_p99_ms", Percentile(latency, 0.99), "ms", detail);
        report.Add("submit.latency_max_ms", latency[^1], "ms", detail);
        report.Add("submit.service_p99_ms", Percentile(service, 0.99), "ms", "request sent to response read, without the sender's own lag");
        report.Add("submit.sender_lag_p99_ms", Percentile(lag, 0.99), "ms", "how late the benchmark itself sent: large means the client, not the API, was slow");
        report.Add("submit.offered_rate_per_s", total / sendWindow.TotalSeconds, "req/s", $"{accepted} accepted, {throttled} x 429, {failed} failed");
        report.Note($"backlog during the latency window: {busyAtStart} of {backlog} backlog jobs unfinished at its start, {busyAtEnd} at its end");
        if (busyAtStart == 0)
        {
            report.Note("the backlog had drained before the window opened: the fleet was not busy; raise --backlog");
        }

        async Task FireAsync(int i, TimeSpan due)
        {
            lag[i] = (clock.Elapsed - due).TotalMilliseconds;
            try
            {
                var outcome = await client.SubmitNoopAsync(ct);
                status[i] = outcome.Status;
                service[i] = outcome.Elapsed.TotalMilliseconds;
            }
            catch (HttpRequestException)
            {
                status[i] = -1;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                status[i] = -2; // HttpClient.Timeout: counted as failed, latency still recorded below.
            }

            latency[i] = (clock.Elapsed - due).TotalMilliseconds;
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
