using Microsoft.ML.Tokenizers;

namespace Fleet.Llm.Model;

/// <summary>
/// The tokenizer of a model folder, from Microsoft.ML.Tokenizers: GPT-2's BPE where config.json says
/// <c>"fleet_tokenizer": "tiktoken:gpt2"</c> (the generated fixture), otherwise the byte-level BPE of a Hugging Face
/// export's <c>vocab.json</c> + <c>merges.txt</c> (GPT-2, Qwen2.5 and other GPT-2-style vocabularies).
/// </summary>
public static class ModelTokenizer
{
    public const string Gpt2Tiktoken = "tiktoken:gpt2";

    public static Tokenizer Load(string folder, ModelConfig config)
    {
        if (config.Tokenizer == Gpt2Tiktoken)
        {
            return TiktokenTokenizer.CreateForModel("gpt2");
        }
        if (config.Tokenizer is not null)
        {
            throw new InvalidDataException($"config.json names fleet_tokenizer '{config.Tokenizer}'; only '{Gpt2Tiktoken}' is known.");
        }
        var vocab = Path.Combine(folder, "vocab.json");
        var merges = Path.Combine(folder, "merges.txt");
        if (!File.Exists(vocab) || !File.Exists(merges))
        {
            throw new FileNotFoundException($"The model folder {folder} has neither fleet_tokenizer in config.json nor vocab.json + merges.txt.");
        }
        using var vocabStream = File.OpenRead(vocab);
        using var mergesStream = File.OpenRead(merges);
        return CodeGenTokenizer.Create(vocabStream, mergesStream);
    }
}
