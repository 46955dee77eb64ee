namespace Fleet.Retrieval.Answers;

/// <summary>Writes the answer to a <see cref="RagPrompt"/>. The LLM worker's text generator implements it; <see cref="ExtractiveAnswerGenerator"/> is the fallback.</summary>
public interface IAnswerGenerator
{
    /// <summary>What made the answer, reported with it (<c>extractive</c>, or the model's name), so nobody mistakes one for the other.</summary>
    string Name { get; }

    Task<string> GenerateAsync(RagPrompt prompt, CancellationToken cancellationToken);
}
