using Fleet.Bench;
using Fleet.Bench.Api;
using Fleet.Bench.Peers;

// Fleet's benchmark: Fleet end to end against its peers on the same machine in one run (bench/run.sh).
BenchArgs options;
try
{
    options = new BenchArgs(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var env = BenchEnvironment.Load();
if (options.Mode == "bus-consumer")
{
    return await new BusConsumerProcess(env).RunAsync(options, cts.Token);
}

var modes = options.Mode switch
{
    "all" => new[] { "hangfire", "bus", "fleet", "submit-latency" },
    "hangfire" or "bus" or "fleet" or "submit-latency" => [options.Mode],
    _ => [],
};
if (modes.Length == 0)
{
    Console.Error.WriteLine(
        "usage: Fleet.Bench [all|hangfire|bus|fleet|submit-latency] [--jobs N] [--messages N] [--rate N] [--seconds N] ...");
    return 2;
}

var report = new BenchReport(options.Mode);
Console.WriteLine($"machine: {MachineInfo.Describe()}");
var failures = 0;
foreach (var mode in modes)
{
    report.Note($"{mode}: load average {MachineInfo.LoadAverage()} at its start");
    try
    {
        await (mode switch
        {
            "hangfire" => new HangfireBench(env, report).RunAsync(options, cts.Token),
            "bus" => new BusBench(env, report).RunAsync(options, cts.Token),
            "fleet" => new FleetBench(env, report).RunAsync(options, cts.Token),
            _ => new SubmitLatencyBench(env, report).RunAsync(options, cts.Token),
        });
    }
    catch (Exception e) when (e is not OperationCanceledException || !cts.IsCancellationRequested)
    {
        // One peer's failure (a server down, the fleet not up) must not lose the figures the others measured.
        failures++;
        report.Note($"{mode} did not finish: {e.GetType().Name}: {e.Message}");
    }
}

RatioReport.Add(report);
var written = await report.WriteAsync(env.ResultsDirectory, CancellationToken.None);
Console.WriteLine($"results: {written}.json, {written}.md");
return failures == 0 ? 0 : 1;
