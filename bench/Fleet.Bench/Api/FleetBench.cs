using System.Diagnostics;

namespace Fleet.Bench.Api;

/// <summary>
/// Fleet end to end: submit `noop` jobs over HTTP, time until the last one is `succeeded` in the jobs table. The figure
/// to hold against the Hangfire and raw bus peers measured on the same machine in the same run.
/// </summary>
public sealed class FleetBench(BenchEnvironment env, BenchReport report)
{
    public async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var jobs = args.Number("jobs", 20_000);
        var concurrency = args.Number("concurrency", 64);
        var warmup = args.Number("warmup", 200);
        var stall = TimeSpan.FromSeconds(args.Number("timeout", 120));
        Console.WriteLine($"== fleet: {jobs} noop jobs over {env.FleetUrl}, {concurrency} submits in flight");

        using var client = new FleetClient(env, concurrency);
        await using var probe = new FleetJobsProbe(env);

        // Warm-up: connections, the API's and workers' JIT, and the queues' consumers, outside the timed run.
        var clock = Stopwatch.StartNew();
        var warm = await BulkSubmitter.SubmitAsync(client, warmup, Math.Min(concurrency, Math.Max(1, warmup)), clock, ct);
        await CompletionPoller.WaitAsync("fleet warm-up", warmup, clock, c => probe.CountAsync(warm.Ids, c), stall, ct);

        clock.Restart();
        var run = await BulkSubmitter.SubmitAsync(client, jobs, concurrency, clock, ct);
        var done = await CompletionPoller.WaitAsync("fleet", jobs, clock, c => probe.CountAsync(run.Ids, c), stall, ct);
        var serverSpan = await probe.ServerSpanAsync(run.Ids, ct);

        var detail = $"{jobs} jobs, {concurrency} in flight";
        report.Add("fleet.submit_jobs_per_s", jobs / run.LastAccepted.TotalSeconds, "jobs/s",
            $"{detail}, first POST to last 202, {run.LastAccepted.TotalSeconds:0.0} s, {run.Throttled} x 429");
        report.Add("fleet.e2e_jobs_per_s", jobs / done.TotalSeconds, "jobs/s",
            $"{detail}, first POST to last succeeded, {done.TotalSeconds:0.0} s");
        if (serverSpan is { } span)
        {
            report.Add("fleet.e2e_server_span_jobs_per_s", jobs / span.TotalSeconds, "jobs/s",
                $"first created_at to last finished_at, {span.TotalSeconds:0.0} s");
        }
    }
}
