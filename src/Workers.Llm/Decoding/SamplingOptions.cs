namespace Fleet.Workers.Llm.Decoding;

/// <summary>How the next token is chosen. Temperature 0 is greedy (arg-max); top-k 0 and top-p 1 keep every token.</summary>
public sealed record SamplingOptions(float Temperature = 1f, int TopK = 0, float TopP = 1f)
{
    public static readonly SamplingOptions Greedy = new(Temperature: 0f);

    public bool IsGreedy => Temperature <= 0f;
}
