using System.Threading.Channels;

namespace Fleet.Workers.Llm.Batching;

/// <summary>A sequence in the batcher: text as it is released, then the result (or the cancellation).</summary>
public sealed class GenerationStream(ChannelReader<string> text, Task<GenerationResult> completion)
{
    /// <summary>Streamable text pieces in order; completes when the sequence ends.</summary>
    public ChannelReader<string> Text => text;

    public Task<GenerationResult> Completion => completion;
}
