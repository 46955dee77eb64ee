using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Tests.Reference;
using NSubstitute;

namespace Fleet.Workers.Llm.Tests.Batching;

public sealed class ContinuousBatcherTests(FixtureModel model)
{
    private static readonly string[] Prompts =
    [
        "Hello",
        "The quick brown fox jumps over the lazy dog because",
        "Fleet",
        "Continuous batching lets a new sequence join at the next step, so",
        "In 1492",
        "Once upon a time, in a land far away, there lived a worker who",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staggered_concurrent_sequences_get_exactly_the_greedy_tokens_each_gets_alone()
    {
        // Batch bound 4 with 6 sequences: some wait, rows of different lengths are padded, and short ones leave early.
        await using var host = await BatcherHost.StartAsync(model, maxBatchSize: 4);
        var requests = Prompts.Select((p, i) => Greedy(p, maxTokens: 12 + 7 * i)).ToArray();

        var generations = new List<GenerationStream>();
        foreach (var request in requests)
        {
            generations.Add(host.Batcher.Submit(request, Ct));
            // The next one arrives while this one is already decoding.
            await generations[^1].Text.ReadAsync(Ct);
        }
        var together = await Task.WhenAll(generations.Select(g => g.Completion));

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(Alone(requests[i]), together[i].CompletionTokens);
        }
        Assert.True(host.Metrics.BatchSize.Sum > host.Metrics.BatchSize.Count, "no step decoded more than one sequence");
    }

    [Fact]
    public async Task A_cancelled_sequence_leaves_at_once_and_the_others_are_unaffected()
    {
        await using var host = await BatcherHost.StartAsync(model);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var keeps = Greedy(Prompts[1], maxTokens: 200);
        var kept = host.Batcher.Submit(keeps, Ct);
        var cancelled = host.Batcher.Submit(Greedy(Prompts[3], maxTokens: 200), cancel.Token);
        await cancelled.Text.ReadAsync(Ct);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Completion);
        Assert.False(kept.Completion.IsCompleted, "the other sequence should still be decoding");
        Assert.Equal(Alone(keeps), (await kept.Completion).CompletionTokens);
    }

    [Fact]
    public async Task The_kv_budget_keeps_sequences_that_do_not_fit_waiting_until_others_leave()
    {
        // Each reserves 10 + 20 slots; a budget of 50 fits one at a time.
        await using var host = await BatcherHost.StartAsync(model, maxBatchSize: 8, maxBatchTokens: 50);
        var requests = Enumerable.Range(0, 3).Select(_ => Greedy("one two three four five six seven eight nine ten", maxTokens: 20)).ToArray();

        var results = await Task.WhenAll(requests.Select(r => host.Batcher.Submit(r, Ct).Completion));

        Assert.All(results, r => Assert.Equal(20, r.CompletionTokens.Count));
        Assert.Equal(host.Metrics.BatchSize.Count, host.Metrics.BatchSize.Sum);
        Assert.Equal(3 * 19, host.Metrics.BatchSize.Count);
    }

    [Fact]
    public async Task Max_tokens_and_the_end_of_sequence_token_end_a_sequence_with_their_reasons()
    {
        await using var host = await BatcherHost.StartAsync(model);
        var request = Greedy(Prompts[0], maxTokens: 5);

        var result = await host.Batcher.Submit(request, Ct).Completion;

        Assert.Equal((FinishReasons.Length, 5, 1), (result.FinishReason, result.CompletionTokens.Count, result.PromptTokens));
        Assert.Equal(model.Session.Tokenizer.Decode(result.CompletionTokens), result.Text);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sampled_text_and_another_seed_another()
    {
        await using var host = await BatcherHost.StartAsync(model);
        var sampling = new SamplingOptions(Temperature: 0.9f, TopK: 40, TopP: 0.95f);
        GenerationRequest Seeded(int seed) => Greedy(Prompts[4], maxTokens: 30) with { Sampling = sampling, Seed = seed };

        var results = await Task.WhenAll(new[] { Seeded(42), Seeded(42), Seeded(43) }.Select(r => host.Batcher.Submit(r, Ct).Completion));

        Assert.Equal(results[0].CompletionTokens, results[1].CompletionTokens);
        Assert.NotEqual(results[0].CompletionTokens, results[2].CompletionTokens);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_text_just_before_it()
    {
        await using var host = await BatcherHost.StartAsync(model);
        var free = await host.Batcher.Submit(Greedy(Prompts[2], maxTokens: 20), Ct).Completion;
        var stop = free.Text.Substring(free.Text.Length / 2, 3);
        var expected = free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)];

        var generation = host.Batcher.Submit(Greedy(Prompts[2], maxTokens: 20) with { Stop = [stop] }, Ct);
        var streamed = string.Concat(await generation.Text.ReadAllAsync(Ct).ToListAsync(Ct));
        var stopped = await generation.Completion;

        Assert.Equal((FinishReasons.Stop, expected, expected), (stopped.FinishReason, stopped.Text, streamed));
    }

    [Fact]
    public async Task A_forward_pass_that_throws_fails_the_sequences_with_its_cause_and_stops_the_batcher()
    {
        var broken = NSubstitute.Substitute.For<Fleet.Workers.Llm.Inference.IModelSession>();
        broken.Config.Returns(model.Session.Config);
        broken.Tokenizer.Returns(model.Session.Tokenizer);
        broken.When(s => s.Run(NSubstitute.Arg.Any<Fleet.Workers.Llm.Inference.ForwardStep>())).Do(_ => throw new InvalidOperationException("model broke"));
        var metrics = new LlmMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        using var batcher = new ContinuousBatcher(broken, Microsoft.Extensions.Options.Options.Create(model.Options()), new Random(1), TimeProvider.System, metrics);
        await batcher.StartAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.Submit(Greedy(Prompts[0], 5), Ct).Completion);

        Assert.Equal("model broke", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.ExecuteTask!);
    }

    private static GenerationRequest Greedy(string prompt, int maxTokens) => new()
    {
        PromptTokens = Gpt2.EncodeToIds(prompt),
        MaxTokens = maxTokens,
    };

    private static readonly Microsoft.ML.Tokenizers.Tokenizer Gpt2 = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForModel("gpt2");

    /// <summary>The same request decoded by hand on its own, no batcher: prefill, then one token at a time.</summary>
    private IReadOnlyList<int> Alone(GenerationRequest request)
    {
        var sequence = new SingleSequence(model.Session);
        var tokens = new List<int> { SingleSequence.ArgMax(sequence.Feed([.. request.PromptTokens])[^1]) };
        while (tokens.Count < request.MaxTokens && tokens[^1] != 50_256)
        {
            tokens.Add(SingleSequence.ArgMax(sequence.Feed([tokens[^1]])[0]));
        }
        return tokens[^1] == 50_256 ? tokens[..^1] : tokens;
    }
}
