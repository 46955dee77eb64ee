namespace Fleet.Workers.Llm.Inference;

/// <summary>
/// One forward pass over <see cref="Batch"/> rows of <see cref="Sequence"/> new tokens each, on top of
/// <see cref="Past"/> cached slots. Row-major buffers: ids and positions <c>[batch, sequence]</c>, mask
/// <c>[batch, past + sequence]</c>, each layer's cache <c>[batch, kvHeads, slots, headSize]</c>,
/// logits <c>[batch, sequence, vocab]</c>. The session writes the present caches and the logits.
/// </summary>
public sealed class ForwardStep
{
    public required int Batch { get; init; }
    public required int Sequence { get; init; }
    public required int Past { get; init; }
    public required Memory<long> InputIds { get; init; }
    public required Memory<long> AttentionMask { get; init; }
    public required Memory<long> PositionIds { get; init; }
    public required IReadOnlyList<Memory<float>> PastKeys { get; init; }
    public required IReadOnlyList<Memory<float>> PastValues { get; init; }
    public required IReadOnlyList<Memory<float>> PresentKeys { get; init; }
    public required IReadOnlyList<Memory<float>> PresentValues { get; init; }
    public required Memory<float> Logits { get; init; }

    public int Total => Past + Sequence;
}
