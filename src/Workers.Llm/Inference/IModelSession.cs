using Fleet.Llm.Model;
using Microsoft.ML.Tokenizers;

namespace Fleet.Workers.Llm.Inference;

/// <summary>A loaded decoder model: its shape, its tokenizer, and one synchronous forward pass.</summary>
public interface IModelSession : IDisposable
{
    ModelConfig Config { get; }

    Tokenizer Tokenizer { get; }

    /// <summary>Runs <paramref name="step"/>; CPU-bound, so callers run it on the batcher's own thread.</summary>
    void Run(ForwardStep step);
}
