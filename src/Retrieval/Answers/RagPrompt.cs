using System.Text;
using Fleet.Retrieval.Search;

namespace Fleet.Retrieval.Answers;

/// <summary>A question, the chunks retrieved for it, and the prompt a generator reads: numbered sources, then the question.</summary>
public sealed record RagPrompt(string Question, IReadOnlyList<SearchHit> Sources, string Text)
{
    /// <summary>
    /// Sources go in best first until <paramref name="maxContextChars"/> is reached (a small model's context is the
    /// limit, and the best chunks matter most); each is numbered so the answer can cite it as [n].
    /// </summary>
    public static RagPrompt Build(string question, IReadOnlyList<SearchHit> hits, int maxContextChars)
    {
        var used = new List<SearchHit>();
        var length = Compose(question, []).Length;
        foreach (var hit in hits)
        {
            var entry = Entry(used.Count + 1, hit).Length;
            if (used.Count > 0 && length + entry > maxContextChars)
            {
                break;
            }
            length += entry;
            used.Add(hit);
        }
        return new RagPrompt(question, used, Compose(question, used));
    }

    /// <summary>
    /// This prompt cut down until <paramref name="fits"/> accepts its text (a model's context, counted in its own
    /// tokens): the weakest sources go first; when not even the best one fits whole, it stays cut to the longest
    /// prefix that fits, and its <see cref="SearchHit.Text"/> is cut with it so the sources say what was read.
    /// Null when not even the instructions and the question fit.
    /// </summary>
    public RagPrompt? FitTo(Func<string, bool> fits)
    {
        if (fits(Text))
        {
            return this;
        }
        if (!fits(Compose(Question, [])))
        {
            return null;
        }
        // Longest prefix of sources that fits: each source added only makes the text longer, so the first miss ends it.
        var kept = new List<SearchHit>();
        foreach (var source in Sources)
        {
            if (!fits(Compose(Question, [.. kept, source])))
            {
                break;
            }
            kept.Add(source);
        }
        if (kept.Count == 0 && Sources.Count > 0)
        {
            var best = Sources[0];
            var (low, high) = (0, best.Text.Length);   // fits with 'low' characters; does not with 'high'
            while (high - low > 1)
            {
                var middle = (low + high) / 2;
                (low, high) = fits(Compose(Question, [best with { Text = best.Text[..middle] }])) ? (middle, high) : (low, middle);
            }
            if (low > 0)
            {
                kept.Add(best with { Text = best.Text[..low] });
            }
        }
        return new RagPrompt(Question, kept, Compose(Question, kept));
    }

    private static string Compose(string question, IReadOnlyList<SearchHit> sources)
    {
        var text = new StringBuilder();
        text.Append("Answer the question using only the numbered sources below. Cite the sources you use as [n].\n");
        text.Append("If the sources do not contain the answer, say that you do not know.\n\n");
        for (var i = 0; i < sources.Count; i++)
        {
            text.Append(Entry(i + 1, sources[i]));
        }
        return text.Append("Question: ").Append(question).Append("\nAnswer:").ToString();
    }

    private static string Entry(int number, SearchHit hit) => $"[{number}] ({hit.DocumentId}, chunk {hit.Chunk})\n{hit.Text}\n\n";
}
