using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace Fleet.Retrieval.Chunking;

/// <summary>
/// Cuts text into chunks of at most <see cref="ChunkingOptions.MaxTokens"/> word pieces of the embedding model's own
/// tokenizer, overlapping by about <see cref="ChunkingOptions.OverlapTokens"/>. Chunks end at a sentence end when one
/// lies in the second half of the window, and never inside a word, so a chunk reads as text and not as a token run.
/// </summary>
public sealed partial class TextChunker(Tokenizer tokenizer, IOptions<ChunkingOptions> options)
{
    public IReadOnlyList<TextChunk> Split(string text)
    {
        var max = options.Value.MaxTokens;
        var overlap = Math.Min(options.Value.OverlapTokens, max / 2);
        var words = Words().Matches(text);
        var sizes = new int[words.Count];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = Math.Max(1, tokenizer.CountTokens(words[i].Value, considerPreTokenization: true, considerNormalization: true));
        }

        var chunks = new List<TextChunk>();
        var start = 0;
        while (start < words.Count)
        {
            var end = start;
            var tokens = 0;
            while (end < words.Count && tokens + sizes[end] <= max)
            {
                tokens += sizes[end++];
            }
            if (end == start)
            {
                // One "word" longer than a whole chunk (a URL, a hash): alone it goes, and the model truncates it.
                tokens = sizes[end++];
            }
            if (end < words.Count)
            {
                end = SentenceEnd(words, start, end);
            }
            chunks.Add(new TextChunk(chunks.Count, Join(words, start, end), sizes.AsSpan(start, end - start).ToArray().Sum()));
            if (end >= words.Count)
            {
                break;
            }
            var next = end;
            var repeated = 0;
            while (next - 1 > start && repeated + sizes[next - 1] <= overlap)
            {
                repeated += sizes[--next];
            }
            start = next;
        }
        return chunks;
    }

    private static int SentenceEnd(MatchCollection words, int start, int end)
    {
        for (var i = end - 1; i >= start + (end - start) / 2; i--)
        {
            if (words[i].Value[^1] is '.' or '!' or '?' or ':' or ';')
            {
                return i + 1;
            }
        }
        return end;
    }

    private static string Join(MatchCollection words, int start, int end) =>
        string.Join(' ', Enumerable.Range(start, end - start).Select(i => words[i].Value));

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();
}
