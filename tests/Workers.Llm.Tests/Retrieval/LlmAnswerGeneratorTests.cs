using Fleet.Retrieval.Answers;
using Fleet.Retrieval.Search;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Retrieval;
using Fleet.Workers.Llm.Tests.Batching;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Tests.Retrieval;

/// <summary>rag.answer's generator on the fixture model (256 positions): its text is gibberish, so these check the mechanics.</summary>
public sealed class LlmAnswerGeneratorTests(FixtureModel model)
{
    private const int MaxTokens = 24;
    private const string Question = "What makes the sea rise and fall twice a day?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_prompt_that_fits_is_answered_with_the_greedy_generation_of_exactly_that_prompt_streamed_as_it_goes()
    {
        await using var host = await BatcherHost.StartAsync(model);
        var prompt = RagPrompt.Build(Question, [Hit("corpus/tides.txt", 0, "The Moon's gravity pulls the oceans into two bulges."), Hit("corpus/espresso.txt", 2, "Espresso needs nine bars.")], 10_000);
        var streamed = new List<string>();

        var answer = await Generator(host).GenerateAsync(prompt, Collect(streamed), Ct);

        var greedy = await GreedyAsync(host, prompt.Text);
        Assert.Same(prompt, answer.Prompt);
        Assert.Equal(greedy.Text, answer.Text);
        Assert.Equal(answer.Text, string.Concat(streamed));
        Assert.Equal(new AnswerUsage(Tokens(prompt.Text), greedy.CompletionTokens.Count), answer.Usage);
        Assert.Equal(greedy.FinishReason, answer.FinishReason);
        Assert.True(streamed.Count > 1, $"the answer came in {streamed.Count} piece(s), not streamed token by token");
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_keeps_the_best_sources_that_fit_with_room_for_the_answer()
    {
        await using var host = await BatcherHost.StartAsync(model);
        // Four sources of ~60 tokens each: with the instructions, far more than 256 - 24 tokens.
        var hits = Enumerable.Range(0, 4).Select(i => Hit($"corpus/doc{i}.txt", i, string.Join(' ', Enumerable.Repeat($"Source {i} says the tide follows the Moon.", 8)))).ToList();
        var prompt = RagPrompt.Build(Question, hits, 10_000);
        Assert.True(Tokens(prompt.Text) + MaxTokens > model.Session.Config.Context, "the prompt should not fit the fixture's context");

        var answer = await Generator(host).GenerateAsync(prompt, Collect([]), Ct);

        Assert.InRange(answer.Prompt.Sources.Count, 1, 3);
        Assert.Equal(hits.Take(answer.Prompt.Sources.Count), answer.Prompt.Sources);
        Assert.Contains(hits[0].Text, answer.Prompt.Text, StringComparison.Ordinal);
        Assert.InRange(answer.Usage!.PromptTokens, 1, model.Session.Config.Context - MaxTokens);
        Assert.Equal(Tokens(answer.Prompt.Text), answer.Usage.PromptTokens);
        Assert.Equal((await GreedyAsync(host, answer.Prompt.Text)).Text, answer.Text);
    }

    [Fact]
    public async Task A_best_source_longer_than_the_context_is_cut_to_fit_and_answered()
    {
        await using var host = await BatcherHost.StartAsync(model);
        var huge = Hit("corpus/long.txt", 0, string.Join(' ', Enumerable.Repeat("The tide rises and falls.", 300)));
        var prompt = RagPrompt.Build(Question, [huge], 100_000);

        var answer = await Generator(host).GenerateAsync(prompt, Collect([]), Ct);

        var kept = Assert.Single(answer.Prompt.Sources);
        Assert.StartsWith(kept.Text, huge.Text, StringComparison.Ordinal);
        Assert.True(kept.Text.Length is > 100 and < 1_000, $"kept {kept.Text.Length} characters of the source");
        Assert.InRange(answer.Usage!.PromptTokens, model.Session.Config.Context - MaxTokens - 8, model.Session.Config.Context - MaxTokens);
        Assert.Equal((await GreedyAsync(host, answer.Prompt.Text)).Text, answer.Text);
    }

    [Fact]
    public async Task A_question_that_alone_overflows_the_context_is_invalid_input()
    {
        await using var host = await BatcherHost.StartAsync(model);
        var question = string.Join(' ', Enumerable.Repeat("why", 400));
        var prompt = RagPrompt.Build(question, [Hit("corpus/tides.txt", 0, "Tides.")], 100_000);

        var error = await Assert.ThrowsAsync<JobInputException>(() => Generator(host).GenerateAsync(prompt, Collect([]), Ct));

        Assert.Equal("input.question is too long: with the prompt's instructions it takes more than 232 tokens, the model's context of 256 tokens less 24 for the answer.", error.Message);
    }

    private LlmAnswerGenerator Generator(BatcherHost host) =>
        new(host.Batcher, model.Session, Options.Create(new AnswerOptions { MaxTokens = MaxTokens }), Options.Create(model.Options()));

    private int Tokens(string text) => model.Session.Tokenizer.CountTokens(text);

    private async Task<GenerationResult> GreedyAsync(BatcherHost host, string prompt)
    {
        var generation = host.Batcher.Submit(new GenerationRequest
        {
            PromptTokens = model.Session.Tokenizer.EncodeToIds(prompt),
            MaxTokens = MaxTokens,
            Sampling = SamplingOptions.Greedy,
        }, Ct);
        return await generation.Completion;
    }

    private static AnswerTextSink Collect(List<string> pieces) => (group, _) =>
    {
        pieces.AddRange(group);
        return Task.CompletedTask;
    };

    private static SearchHit Hit(string document, int chunk, string text) => new(document, chunk, 0.9 - chunk * 0.1, text);
}
