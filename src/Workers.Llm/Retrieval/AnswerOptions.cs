using System.ComponentModel.DataAnnotations;

namespace Fleet.Workers.Llm.Retrieval;

/// <summary>How <c>rag.answer</c> builds its prompt (section <c>Answers</c>).</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>Chunks retrieved when the job gives no <c>topK</c>.</summary>
    [Range(1, 50)] public int DefaultTopK { get; set; } = 4;

    /// <summary>Longest prompt, in characters; the generator's context window is the real bound (~4 characters a token).</summary>
    [Range(256, 1_000_000)] public int MaxContextChars { get; set; } = 6_000;
}
