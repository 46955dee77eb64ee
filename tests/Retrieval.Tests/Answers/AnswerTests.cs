using Fleet.Embeddings;
using Fleet.Retrieval.Answers;
using Fleet.Retrieval.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Retrieval.Tests.Answers;

public sealed class AnswerTests : IDisposable
{
    private readonly MiniLmEmbedder embedder = new(Options.Create(new EmbeddingOptions()), NullLogger<MiniLmEmbedder>.Instance);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly SearchHit[] Hits =
    [
        new("corpus/tides.txt", 0, 0.71, "Tides are caused mainly by the Moon's gravity. The Sun adds a smaller pull. Coasts shape the range."),
        new("corpus/espresso.txt", 1, 0.20, "Espresso is brewed at nine bars of pressure. A double shot uses eighteen grams."),
    ];

    [Fact]
    public void The_prompt_numbers_its_sources_best_first_and_stops_at_the_context_budget()
    {
        var full = RagPrompt.Build("What causes tides?", Hits, maxContextChars: 10_000);
        var tight = RagPrompt.Build("What causes tides?", Hits, maxContextChars: 300);

        Assert.Equal(Hits, full.Sources);
        Assert.Contains("[1] (corpus/tides.txt, chunk 0)\nTides are caused", full.Text, StringComparison.Ordinal);
        Assert.Contains("[2] (corpus/espresso.txt, chunk 1)\nEspresso", full.Text, StringComparison.Ordinal);
        Assert.EndsWith("Question: What causes tides?\nAnswer:", full.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal([Hits[0]], tight.Sources);
        Assert.DoesNotContain("Espresso", tight.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_extractive_answer_quotes_the_sentences_closest_to_the_question_with_their_source_numbers()
    {
        var prompt = RagPrompt.Build("How much pressure does espresso need?", Hits, 10_000);

        var generated = await new ExtractiveAnswerGenerator(embedder).GenerateAsync(prompt, (_, _) => throw new InvalidOperationException("the extractive answer is not streamed"), Cancellation);

        var answer = generated.Text;
        Assert.Same(prompt, generated.Prompt);
        Assert.Null(generated.Usage);
        Assert.StartsWith("Espresso is brewed at nine bars of pressure. [2]", answer, StringComparison.Ordinal);
        Assert.Equal(2, answer.Split('[').Length - 1);
    }

    [Fact]
    public void A_prompt_fitted_to_a_budget_drops_the_weakest_sources_first()
    {
        var prompt = RagPrompt.Build("What causes tides?", Hits, maxContextChars: 10_000);
        var withoutSecond = RagPrompt.Build("What causes tides?", [Hits[0]], maxContextChars: 10_000);

        var fitted = prompt.FitTo(text => text.Length <= withoutSecond.Text.Length);

        Assert.Same(prompt, prompt.FitTo(text => text.Length <= prompt.Text.Length));
        Assert.Equal([Hits[0]], fitted!.Sources);
        Assert.Equal(withoutSecond.Text, fitted.Text);
    }

    [Fact]
    public void When_not_even_the_best_source_fits_whole_it_is_cut_to_the_longest_prefix_that_fits()
    {
        var prompt = RagPrompt.Build("What causes tides?", Hits, maxContextChars: 10_000);
        var bare = RagPrompt.Build("What causes tides?", [], maxContextChars: 10_000);
        var budget = bare.Text.Length + 60;

        var fitted = prompt.FitTo(text => text.Length <= budget)!;

        var source = Assert.Single(fitted.Sources);
        Assert.Equal((Hits[0].DocumentId, Hits[0].Chunk, Hits[0].Score), (source.DocumentId, source.Chunk, source.Score));
        Assert.StartsWith(source.Text, Hits[0].Text, StringComparison.Ordinal);
        Assert.Equal(budget, fitted.Text.Length);
        Assert.Contains(source.Text + "\n\nQuestion: What causes tides?", fitted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompt_whose_question_alone_is_over_budget_does_not_fit()
    {
        var prompt = RagPrompt.Build("What causes tides?", Hits, maxContextChars: 10_000);

        Assert.Null(prompt.FitTo(text => text.Length <= 100));
    }

    public void Dispose() => embedder.Dispose();
}
