namespace Fleet.Workers.Llm.Batching;

/// <summary>A finished sequence.</summary>
public sealed record GenerationResult(
    string Text,
    string FinishReason,
    int PromptTokens,
    IReadOnlyList<int> CompletionTokens,
    TimeSpan QueueWait,
    TimeSpan TimeToFirstToken);
