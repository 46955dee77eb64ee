namespace Fleet.Retrieval.Answers;

/// <summary>
/// What a generator wrote, and the prompt it actually read: a model with a short context may have dropped or cut
/// sources, and only those it read are cited.
/// </summary>
/// <param name="Usage">Tokens read and written, where the generator is a language model.</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c> ..., where the generator is a language model.</param>
public sealed record GeneratedAnswer(string Text, RagPrompt Prompt, AnswerUsage? Usage = null, string? FinishReason = null);
