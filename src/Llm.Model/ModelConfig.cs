using System.Text.Json;

namespace Fleet.Llm.Model;

/// <summary>
/// A decoder model's shape from its <c>config.json</c>. Reads GPT-2's keys (<c>n_layer</c>, <c>n_head</c>,
/// <c>n_embd</c>, <c>n_positions</c>) and the Llama/Qwen ones (<c>num_hidden_layers</c>, <c>num_attention_heads</c>,
/// <c>num_key_value_heads</c>, <c>hidden_size</c>, <c>max_position_embeddings</c>), as Optimum exports copy them.
/// </summary>
public sealed record ModelConfig
{
    public const string FileName = "config.json";

    public required string ModelType { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }

    /// <summary>Heads of the KV cache (fewer than <see cref="Heads"/> under grouped-query attention).</summary>
    public required int KeyValueHeads { get; init; }
    public required int HeadSize { get; init; }
    public required int Context { get; init; }
    public required int VocabSize { get; init; }
    public required IReadOnlyList<int> EndOfSequenceTokens { get; init; }

    /// <summary><c>fleet_tokenizer</c>, where the folder carries no tokenizer files (the generated fixture).</summary>
    public string? Tokenizer { get; init; }

    public static ModelConfig Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model folder {folder} has no {FileName}.", path);
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var heads = Int(root, "n_head", "num_attention_heads");
        var embedding = Int(root, "n_embd", "hidden_size");
        return new ModelConfig
        {
            ModelType = root.TryGetProperty("model_type", out var type) ? type.GetString() ?? "" : "",
            Layers = Int(root, "n_layer", "num_hidden_layers"),
            Heads = heads,
            KeyValueHeads = TryInt(root, "num_key_value_heads") ?? heads,
            HeadSize = TryInt(root, "head_dim") ?? embedding / heads,
            Context = Int(root, "n_positions", "max_position_embeddings"),
            VocabSize = Int(root, "vocab_size"),
            EndOfSequenceTokens = EndTokens(root),
            Tokenizer = root.TryGetProperty("fleet_tokenizer", out var tokenizer) ? tokenizer.GetString() : null,
        };
    }

    private static IReadOnlyList<int> EndTokens(JsonElement root)
    {
        if (!root.TryGetProperty("eos_token_id", out var eos) || eos.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        return eos.ValueKind == JsonValueKind.Array ? [.. eos.EnumerateArray().Select(e => e.GetInt32())] : [eos.GetInt32()];
    }

    private static int Int(JsonElement root, params string[] names) =>
        names.Select(n => TryInt(root, n)).FirstOrDefault(v => v is not null)
        ?? throw new InvalidDataException($"{FileName} lacks {string.Join(" or ", names)}.");

    private static int? TryInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
