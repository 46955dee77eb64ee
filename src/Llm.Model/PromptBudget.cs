using Microsoft.ML.Tokenizers;

namespace Fleet.Llm.Model;

/// <summary>How many tokens a prompt takes under a model's tokenizer, against the model's context length.</summary>
public sealed class PromptBudget(Tokenizer tokenizer, int context)
{
    public int Context => context;

    public static PromptBudget Load(string folder)
    {
        var config = ModelConfig.Load(folder);
        return new PromptBudget(ModelTokenizer.Load(folder, config), config.Context);
    }

    public int CountTokens(string prompt) => tokenizer.CountTokens(prompt);

    /// <summary>True when the prompt leaves room for at least one generated token.</summary>
    public bool Fits(string prompt, out int tokens)
    {
        tokens = CountTokens(prompt);
        return tokens < context;
    }
}
