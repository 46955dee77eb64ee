using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Fleet.Embeddings;

namespace Fleet.Retrieval.Answers;

/// <summary>
/// Not a language model: answers with the source sentences closest in meaning to the question (MiniLM cosine), each
/// cited as [n], in source order. <c>rag.answer</c> uses it only where <c>Answers:Generator</c> is <c>extractive</c>
/// (a worker without a model), and it reports itself as <c>extractive</c> so a client can tell. It never says anything
/// the documents do not.
/// </summary>
public sealed partial class ExtractiveAnswerGenerator(ITextEmbedder embedder) : IAnswerGenerator
{
    private const int SentencesInAnswer = 2;

    public string Name => "extractive";

    public async Task<GeneratedAnswer> GenerateAsync(RagPrompt prompt, AnswerTextSink stream, CancellationToken cancellationToken) =>
        new(await AnswerAsync(prompt, cancellationToken), prompt);

    private async Task<string> AnswerAsync(RagPrompt prompt, CancellationToken cancellationToken)
    {
        var sentences = prompt.Sources
            .SelectMany((source, i) => Sentences().Matches(source.Text).Select(m => (Source: i + 1, Text: m.Value.Trim())))
            .Where(s => s.Text.Length > 0)
            .ToList();
        if (sentences.Count == 0)
        {
            return "No ingested document answers this question.";
        }
        var vectors = await embedder.EmbedAsync([prompt.Question, .. sentences.Select(s => s.Text)], cancellationToken);
        var best = sentences
            .Select((s, i) => (Sentence: s, Order: i, Score: TensorPrimitives.Dot(vectors[0], vectors[i + 1])))
            .OrderByDescending(s => s.Score)
            .Take(SentencesInAnswer)
            .OrderBy(s => s.Order);
        return string.Join(' ', best.Select(s => $"{s.Sentence.Text} [{s.Sentence.Source}]"));
    }

    // A sentence: up to and including its closing punctuation, or the rest of the text.
    [GeneratedRegex(@"[^.!?]+(?:[.!?]+|$)")]
    private static partial Regex Sentences();
}
