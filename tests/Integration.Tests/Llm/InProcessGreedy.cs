using Fleet.Llm.Model;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Integration.Tests.Llm;

/// <summary>
/// Greedy decoding of a model folder straight on ONNX Runtime, in the test process: no cache (the whole sequence is
/// recomputed each step), no batcher, no bus. What the fleet's answer must equal.
/// </summary>
public static class InProcessGreedy
{
    public static string Generate(string folder, string prompt, int maxTokens)
    {
        var config = ModelConfig.Load(folder);
        var tokenizer = ModelTokenizer.Load(folder, config);
        using var session = new InferenceSession(Path.Combine(folder, "model.onnx"));
        var tokens = tokenizer.EncodeToIds(prompt).ToList();
        var generated = new List<int>();
        while (generated.Count < maxTokens)
        {
            var next = NextToken(session, config, tokens);
            if (config.EndOfSequenceTokens.Contains(next))
            {
                break;
            }
            generated.Add(next);
            tokens.Add(next);
        }
        return tokenizer.Decode(generated);
    }

    private static int NextToken(InferenceSession session, ModelConfig config, List<int> tokens)
    {
        var n = tokens.Count;
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = OrtValue.CreateTensorValueFromMemory(tokens.Select(t => (long)t).ToArray(), [1, n]),
            ["attention_mask"] = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, n).ToArray(), [1, n]),
            ["position_ids"] = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, n).Select(p => (long)p).ToArray(), [1, n]),
        };
        for (var l = 0; l < config.Layers; l++)
        {
            inputs[$"past_key_values.{l}.key"] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, config.KeyValueHeads, 0, config.HeadSize]);
            inputs[$"past_key_values.{l}.value"] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, config.KeyValueHeads, 0, config.HeadSize]);
        }
        using var run = new RunOptions();
        using var outputs = session.Run(run, inputs, ["logits"]);
        foreach (var value in inputs.Values)
        {
            value.Dispose();
        }
        var last = outputs[0].GetTensorDataAsSpan<float>()[((n - 1) * config.VocabSize)..(n * config.VocabSize)];
        var best = 0;
        for (var i = 1; i < last.Length; i++)
        {
            if (last[i] > last[best])
            {
                best = i;
            }
        }
        return best;
    }
}
