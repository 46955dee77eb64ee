using Fleet.Workers.Llm.Decoding;

namespace Fleet.Workers.Llm.Batching;

/// <summary>One sequence to generate: the prompt's token ids and when to stop.</summary>
public sealed record GenerationRequest
{
    public required IReadOnlyList<int> PromptTokens { get; init; }
    public required int MaxTokens { get; init; }
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Seeds this sequence's own random source; null draws one from the worker's.</summary>
    public int? Seed { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];
}
