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
        var text = new StringBuilder();
        text.AppendLine("Answer the question using only the numbered sources below. Cite the sources you use as [n].");
        text.AppendLine("If the sources do not contain the answer, say that you do not know.");
        text.AppendLine();
        var used = new List<SearchHit>();
        foreach (var hit in hits)
        {
            var entry = $"[{used.Count + 1}] ({hit.DocumentId}, chunk {hit.Chunk})\n{hit.Text}\n\n";
            if (used.Count > 0 && text.Length + entry.Length > maxContextChars)
            {
                break;
            }
            text.Append(entry);
            used.Add(hit);
        }
        text.Append("Question: ").AppendLine(question).Append("Answer:");
        return new RagPrompt(question, used, text.ToString());
    }
}
