using System.Diagnostics;
using Fleet.Bench.Llm;
using Fleet.LlmFixture;
using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.Options;
using Prometheus;

// Fleet.Bench.Llm [--layers 2 --d 64 --heads 4] [--tokens 64] [--prompt-tokens 16] [--concurrency 1,4,8,16] [--threads 0]
//                 [--model DIR]                                   a model folder instead of a generated one
//                 [--fleet URL --api-key KEY --rounds 5]          single stream through a running fleet (submit -> SSE end)
//                                                                 against the bare loop on the same model (--model)
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
int Read(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
var spec = new FixtureModelSpec { Layers = Read("--layers", 2), Embedding = Read("--d", 64), Heads = Read("--heads", 4), Context = 1024 };
var tokens = Read("--tokens", 64);
var promptTokens = Read("--prompt-tokens", 16);
var levels = (options.GetValueOrDefault("--concurrency") ?? "1,4,8,16").Split(',').Select(int.Parse).ToArray();

var given = options.GetValueOrDefault("--model");
var folder = given ?? Path.Combine(Path.GetTempPath(), $"fleet-bench-llm-{Guid.NewGuid():N}");
if (given is null)
{
    FixtureModelWriter.Write(spec, folder);
}
if (options.TryGetValue("--fleet", out var fleetUrl))
{
    if (given is null || !options.TryGetValue("--api-key", out var apiKey))
    {
        Console.Error.WriteLine("--fleet needs --model (the folder the fleet's LLM worker loads) and --api-key");
        return 2;
    }
    await EndToEnd.RunAsync(folder, FleetStream.Create(new Uri(fleetUrl), apiKey), tokens, Read("--rounds", 5), Read("--threads", 0));
    return 0;
}
try
{
    var llm = new LlmOptions { ModelPath = folder, IntraOpThreads = Read("--threads", 0), MaxBatchSize = levels.Max(), MaxBatchTokens = 1 << 20 };
    using var session = new OnnxModelSession(llm);
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"model: {spec.Layers} layers, d={spec.Embedding}, {spec.Heads} heads, vocab {spec.VocabSize}; prompt {promptTokens} tokens, {tokens} generated per sequence");
    int[] Prompt(int seed) => [.. Enumerable.Range(0, promptTokens).Select(i => (seed * 7919 + i * 104_729) % 50_000)];

    var metrics = new LlmMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
    using var batcher = new ContinuousBatcher(session, Options.Create(llm), new Random(1), TimeProvider.System, metrics);
    await batcher.StartAsync(CancellationToken.None);
    async Task<double> ThroughBatcher(int seed) =>
        (await batcher.Submit(new GenerationRequest { PromptTokens = Prompt(seed), MaxTokens = tokens }, CancellationToken.None).Completion).CompletionTokens.Count;

    BareLoop.Generate(session, Prompt(0), 4);   // warm-up
    await ThroughBatcher(0);
    // Alternate the two, three rounds, and compare medians: other work on the machine moves both alike.
    var bareRates = new List<double>();
    var batcherRates = new List<double>();
    for (var round = 0; round < 3; round++)
    {
        var clock = Stopwatch.StartNew();
        BareLoop.Generate(session, Prompt(1), tokens);
        bareRates.Add(tokens / clock.Elapsed.TotalSeconds);
        clock.Restart();
        batcherRates.Add(await ThroughBatcher(1) / clock.Elapsed.TotalSeconds);
    }
    var bareRate = bareRates.Order().ElementAt(1);
    var batcherRate = batcherRates.Order().ElementAt(1);
    Console.WriteLine($"single stream, median of 3: bare ORT loop {bareRate:0.0} tokens/s, through the batcher {batcherRate:0.0} tokens/s");
    Console.WriteLine($"ratio.batcher_single_over_bare: {batcherRate / bareRate:0.000}");

    double single = 0;
    foreach (var concurrency in levels)
    {
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, concurrency)
            .Select(i => batcher.Submit(new GenerationRequest { PromptTokens = Prompt(i + 2), MaxTokens = tokens }, CancellationToken.None).Completion)
            .ToArray();
        var results = await Task.WhenAll(runs);
        var generated = results.Sum(r => r.CompletionTokens.Count);
        var rate = generated / clock.Elapsed.TotalSeconds;
        single = concurrency == 1 ? rate : single;
        var ttft = results.Select(r => r.TimeToFirstToken.TotalMilliseconds).Order().ToArray();
        Console.WriteLine($"batcher, {concurrency,2} concurrent: {rate,7:0.0} tokens/s aggregate" +
            (single > 0 ? $" ({rate / single:0.00}x of 1)" : "") +
            $", TTFT p50 {Percentile(ttft, 0.5):0} ms p99 {Percentile(ttft, 0.99):0} ms");
    }
    await batcher.StopAsync(CancellationToken.None);
}
finally
{
    if (given is null)
    {
        Directory.Delete(folder, recursive: true);
    }
}
return 0;

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
