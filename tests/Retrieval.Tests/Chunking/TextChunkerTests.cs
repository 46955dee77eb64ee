using Fleet.Embeddings;
using Fleet.Retrieval.Chunking;
using Microsoft.Extensions.Options;

namespace Fleet.Retrieval.Tests.Chunking;

public sealed class TextChunkerTests
{
    private static readonly Microsoft.ML.Tokenizers.Tokenizer Tokenizer = MiniLmTokenizer.Create();

    private static TextChunker Chunker(int max, int overlap) =>
        new(Tokenizer, Options.Create(new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap }));

    [Fact]
    public void Short_text_is_one_chunk_with_its_words_and_token_count()
    {
        var chunks = Chunker(200, 40).Split("  Tides are caused\n by the Moon's   gravity. ");

        var chunk = Assert.Single(chunks);
        Assert.Equal(new TextChunk(0, "Tides are caused by the Moon's gravity.", Tokenizer.CountTokens("Tides are caused by the Moon's gravity.")), chunk);
    }

    [Fact]
    public void Long_text_is_cut_into_chunks_within_the_token_budget_that_overlap_and_cover_every_word()
    {
        var words = Enumerable.Range(0, 600).Select(i => i % 13 == 12 ? $"unaffable{i}." : $"word{i}").ToList();

        var chunks = Chunker(64, 16).Split(string.Join(' ', words));

        Assert.True(chunks.Count > 10, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.InRange(Tokenizer.CountTokens(c.Text), 1, 64));
        Assert.All(chunks, c => Assert.Equal(Tokenizer.CountTokens(c.Text), c.TokenCount));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        for (var i = 1; i < chunks.Count; i++)
        {
            var previous = chunks[i - 1].Text.Split(' ');
            var current = chunks[i].Text.Split(' ');
            var shared = previous.Intersect(current).ToList();
            Assert.NotEmpty(shared);
            Assert.InRange(shared.Sum(w => Tokenizer.CountTokens(w)), 1, 16);
            Assert.Equal(previous[^shared.Count..], current[..shared.Count]);
        }
        Assert.Equal(words, chunks.SelectMany(c => c.Text.Split(' ')).Distinct());
    }

    [Fact]
    public void A_chunk_ends_at_a_sentence_end_in_the_second_half_of_its_window()
    {
        var text = string.Join(' ', Enumerable.Repeat("alpha beta gamma delta.", 30));

        var chunks = Chunker(50, 0).Split(text);

        Assert.All(chunks, c => Assert.EndsWith("delta.", c.Text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.StartsWith("alpha", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_text_has_no_chunks() => Assert.Empty(Chunker(200, 40).Split(" \n\t "));
}
