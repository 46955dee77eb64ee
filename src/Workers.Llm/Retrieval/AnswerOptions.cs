using System.ComponentModel.DataAnnotations;

namespace Fleet.Workers.Llm.Retrieval;

/// <summary>How <c>rag.answer</c> builds its prompt and what answers it (section <c>Answers</c>).</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    public const string LlmGenerator = "llm";
    public const string ExtractiveGenerator = "extractive";

    /// <summary>
    /// <c>llm</c> (default): the worker's model writes the answer (<see cref="LlmAnswerGenerator"/>); a worker without
    /// <c>Llm:ModelPath</c> then serves no <c>rag.answer</c>. <c>extractive</c>: the source sentences closest to the
    /// question, quoted, with no model at all.
    /// </summary>
    [Required, RegularExpression("^(llm|extractive)$", ErrorMessage = "Answers:Generator must be llm or extractive.")]
    public string Generator { get; set; } = LlmGenerator;

    /// <summary>Chunks retrieved when the job gives no <c>topK</c>.</summary>
    [Range(1, 50)] public int DefaultTopK { get; set; } = 4;

    /// <summary>Longest prompt, in characters; the model's context is the tighter bound, in its own tokens (~4 characters a token).</summary>
    [Range(256, 1_000_000)] public int MaxContextChars { get; set; } = 6_000;

    /// <summary>Most tokens the <c>llm</c> generator writes for one answer (and never more than half the model's context).</summary>
    [Range(1, 4096)] public int MaxTokens { get; set; } = 256;
}
