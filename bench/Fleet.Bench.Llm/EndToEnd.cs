using System.Diagnostics;
using Fleet.Llm.Model;
using Fleet.Workers.Llm.Inference;

namespace Fleet.Bench.Llm;

/// <summary>
/// Single-stream tokens/s as a user gets them from a running fleet (submit, then SSE to the end event) against the
/// bare ONNX Runtime loop over the same model folder in this process. The two alternate, never overlap, so other work
/// on the machine moves both alike; medians are compared.
/// </summary>
public static class EndToEnd
{
    private const string Prompt = "The fleet sails at dawn, and every worker keeps its promise:";

    public static async Task RunAsync(string folder, FleetStream fleet, int maxTokens, int rounds, int threads)
    {
        using var session = new OnnxModelSession(new LlmOptions { ModelPath = folder, IntraOpThreads = threads, MaxBatchSize = 1, MaxBatchTokens = 1 << 20 });
        var config = ModelConfig.Load(folder);
        var prompt = ModelTokenizer.Load(folder, config).EncodeToIds(Prompt).ToArray();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"model {folder}: {config.Layers} layers, d={config.KeyValueHeads * config.HeadSize}; prompt {prompt.Length} tokens, up to {maxTokens} generated, greedy");

        // Warm-up both: JIT, ONNX Runtime's first runs, the worker's first job.
        await fleet.GenerateAsync(Prompt, 4, CancellationToken.None);
        BareLoop.Generate(session, prompt, 4);

        var bare = new List<double>();
        var endToEnd = new List<double>();
        var firstToken = new List<double>();
        var extra = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var run = await fleet.GenerateAsync(Prompt, maxTokens, CancellationToken.None);
            endToEnd.Add(run.Tokens / run.Elapsed.TotalSeconds);
            firstToken.Add(run.FirstToken.TotalMilliseconds);
            var clock = Stopwatch.StartNew();
            BareLoop.Generate(session, prompt, run.Tokens);
            bare.Add(run.Tokens / clock.Elapsed.TotalSeconds);
            extra.Add((run.Elapsed - clock.Elapsed).TotalMilliseconds);
            Console.WriteLine($"  round {round + 1}: {run.Tokens} tokens; fleet {endToEnd[^1]:0.0} tokens/s (first token {run.FirstToken.TotalMilliseconds:0} ms, " +
                $"last {run.LastToken.TotalMilliseconds:0} ms, end {run.Elapsed.TotalMilliseconds:0} ms), bare {bare[^1]:0.0} tokens/s ({clock.Elapsed.TotalMilliseconds:0} ms)");
        }
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"single stream, median of {rounds}: bare ORT loop {Median(bare):0.0} tokens/s, fleet submit->SSE end {Median(endToEnd):0.0} tokens/s, first token {Median(firstToken):0} ms");
        Console.WriteLine($"fixed cost of the fleet path (its wall time less the bare loop's, median): {Median(extra):0} ms per job");
        Console.WriteLine($"ratio.fleet_sse_over_bare: {Median(endToEnd) / Median(bare):0.000} (overhead {(1 - Median(endToEnd) / Median(bare)) * 100:0.0} %)");
    }
}
