namespace Fleet.Retrieval.Answers;

/// <summary>
/// Writes the answer to a <see cref="RagPrompt"/>. The LLM worker's <c>LlmAnswerGenerator</c> implements it with the
/// model; <see cref="ExtractiveAnswerGenerator"/> is the fallback an operator can choose (<c>Answers:Generator</c>).
/// </summary>
public interface IAnswerGenerator
{
    /// <summary>What made the answer, reported with it (<c>extractive</c>, or <c>llm</c>), so nobody mistakes one for the other.</summary>
    string Name { get; }

    /// <summary>
    /// How many answers one process should write at once, or null for no limit of its own: a model-backed generator
    /// says its batch size, so further rag.answer jobs wait in RabbitMQ rather than inside the process.
    /// </summary>
    int? MaxConcurrency => null;

    /// <summary>Answers <paramref name="prompt"/>, handing text to <paramref name="stream"/> as it is written (a generator that writes all at once may never call it).</summary>
    Task<GeneratedAnswer> GenerateAsync(RagPrompt prompt, AnswerTextSink stream, CancellationToken cancellationToken);
}
