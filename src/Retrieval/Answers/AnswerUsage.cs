namespace Fleet.Retrieval.Answers;

/// <summary>Tokens a language model read (the prompt) and wrote (the answer).</summary>
public sealed record AnswerUsage(int PromptTokens, int CompletionTokens);
