using Onnx;
using static Fleet.LlmFixture.OnnxGraph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Fleet.LlmFixture;

/// <summary>
/// Builds a GPT-2 decoder in Hugging Face Optimum's decoder-with-past layout from standard ONNX ops (opset 17).
/// Positions come from <c>position_ids</c> and padding from <c>attention_mask</c>, so left-padded batches whose rows
/// have different past lengths compute each row exactly as it would alone.
/// </summary>
public static class Gpt2GraphBuilder
{
    // Added to scores a query may not see: exp of it underflows to exactly 0, and a fully masked row stays finite.
    private const float Masked = -1e9f;

    public static ModelProto Build(FixtureWeights weights)
    {
        var spec = weights.Spec;
        var g = new OnnxGraph();
        g.Input("input_ids", DataType.Int64, "batch_size", "sequence_length");
        g.Input("attention_mask", DataType.Int64, "batch_size", "total_sequence_length");
        g.Input("position_ids", DataType.Int64, "batch_size", "sequence_length");
        for (var l = 0; l < spec.Layers; l++)
        {
            g.Input($"past_key_values.{l}.key", DataType.Float, "batch_size", spec.Heads.ToString(), "past_sequence_length", spec.HeadSize.ToString());
            g.Input($"past_key_values.{l}.value", DataType.Float, "batch_size", spec.Heads.ToString(), "past_sequence_length", spec.HeadSize.ToString());
        }

        var wte = g.Floats("transformer.wte.weight", weights.TokenEmbedding, spec.VocabSize, spec.Embedding);
        var wpe = g.Floats("transformer.wpe.weight", weights.PositionEmbedding, spec.Context, spec.Embedding);
        var x = g.Node("Add", [g.Node("Gather", [wte, "input_ids"]), g.Node("Gather", [wpe, "position_ids"])]);
        var mask = AttentionBias(g);

        for (var l = 0; l < spec.Layers; l++)
        {
            x = Block(g, spec, weights.Layers[l], l, x, mask);
        }

        x = LayerNorm(g, x, g.Floats("transformer.ln_f.weight", weights.LnFGamma, spec.Embedding), g.Floats("transformer.ln_f.bias", weights.LnFBeta, spec.Embedding));
        // Tied head: logits = x · wteᵀ. ONNX Runtime folds the constant transpose once at session creation.
        var logits = g.Node("MatMul", [x, g.Node("Transpose", [wte], Ints("perm", 1, 0))]);
        g.Rename(logits, "logits");
        g.Output("logits", DataType.Float, "batch_size", "sequence_length", spec.VocabSize.ToString());
        for (var l = 0; l < spec.Layers; l++)
        {
            g.Output($"present.{l}.key", DataType.Float, "batch_size", spec.Heads.ToString(), "total_sequence_length", spec.HeadSize.ToString());
            g.Output($"present.{l}.value", DataType.Float, "batch_size", spec.Heads.ToString(), "total_sequence_length", spec.HeadSize.ToString());
        }

        var model = new ModelProto { IrVersion = 8, ProducerName = "fleet-llm-fixture", Graph = g.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    /// <summary>[batch, 1, seq, total]: 0 where a query may attend, <see cref="Masked"/> for padding and the future.</summary>
    private static string AttentionBias(OnnxGraph g)
    {
        var total = g.Node("Squeeze", [g.Node("Shape", ["attention_mask"], Int("start", 1), Int("end", 2))]);
        var seq = g.Node("Squeeze", [g.Node("Shape", ["input_ids"], Int("start", 1), Int("end", 2))]);
        var past = g.Node("Sub", [total, seq]);
        var one = g.Int64s(1);
        var step = g.Node("Squeeze", [one]);
        var keySlots = g.Node("Range", [g.Node("Squeeze", [g.Int64s(0)]), total, step]);
        var querySlots = g.Node("Unsqueeze", [g.Node("Range", [past, total, step]), one]);
        var future = g.Node("Greater", [keySlots, querySlots]);
        var causal = g.Node("Where", [future, g.Scalar(Masked), g.Scalar(0f)]);

        var keep = g.Node("Cast", ["attention_mask"], Int("to", (long)DataType.Float));
        var padding = g.Node("Mul", [g.Node("Sub", [g.Scalar(1f), keep]), g.Scalar(Masked)]);
        padding = g.Node("Unsqueeze", [padding, g.Int64s(1, 2)]);
        return g.Node("Add", [padding, causal]);
    }

    private static string Block(OnnxGraph g, FixtureModelSpec spec, LayerWeights w, int l, string x, string mask)
    {
        int d = spec.Embedding, h = spec.Heads, hd = spec.HeadSize;
        var p = $"transformer.h.{l}.";
        var ln1 = LayerNorm(g, x, g.Floats(p + "ln_1.weight", w.Ln1Gamma, d), g.Floats(p + "ln_1.bias", w.Ln1Beta, d));
        var qkv = Linear(g, ln1, g.Floats(p + "attn.c_attn.weight", w.AttnW, d, 3 * d), g.Floats(p + "attn.c_attn.bias", w.AttnB, 3 * d));
        var parts = g.Nodes("Split", [qkv, g.Int64s(d, d, d)], 3, Int("axis", 2));
        var heads = g.Int64s(0, 0, h, hd);
        string Heads(string t) => g.Node("Transpose", [g.Node("Reshape", [t, heads])], Ints("perm", 0, 2, 1, 3));
        var key = g.Node("Concat", [$"past_key_values.{l}.key", Heads(parts[1])], Int("axis", 2));
        var value = g.Node("Concat", [$"past_key_values.{l}.value", Heads(parts[2])], Int("axis", 2));
        g.Rename(key, $"present.{l}.key");
        g.Rename(value, $"present.{l}.value");
        key = $"present.{l}.key";
        value = $"present.{l}.value";

        var scores = g.Node("MatMul", [Heads(parts[0]), g.Node("Transpose", [key], Ints("perm", 0, 1, 3, 2))]);
        scores = g.Node("Add", [g.Node("Mul", [scores, g.Scalar(1f / MathF.Sqrt(hd))]), mask]);
        var attended = g.Node("MatMul", [g.Node("Softmax", [scores], Int("axis", -1)), value]);
        var merged = g.Node("Reshape", [g.Node("Transpose", [attended], Ints("perm", 0, 2, 1, 3)), g.Int64s(0, 0, d)]);
        x = g.Node("Add", [x, Linear(g, merged, g.Floats(p + "attn.c_proj.weight", w.AttnProjW, d, d), g.Floats(p + "attn.c_proj.bias", w.AttnProjB, d))]);

        var ln2 = LayerNorm(g, x, g.Floats(p + "ln_2.weight", w.Ln2Gamma, d), g.Floats(p + "ln_2.bias", w.Ln2Beta, d));
        var fc = Linear(g, ln2, g.Floats(p + "mlp.c_fc.weight", w.FcW, d, 4 * d), g.Floats(p + "mlp.c_fc.bias", w.FcB, 4 * d));
        var proj = Linear(g, Gelu(g, fc), g.Floats(p + "mlp.c_proj.weight", w.FcProjW, 4 * d, d), g.Floats(p + "mlp.c_proj.bias", w.FcProjB, d));
        return g.Node("Add", [x, proj]);
    }

    private static string LayerNorm(OnnxGraph g, string x, string gamma, string beta) =>
        g.Node("LayerNormalization", [x, gamma, beta], Int("axis", -1), Float("epsilon", 1e-5f));

    private static string Linear(OnnxGraph g, string x, string weight, string bias) => g.Node("Add", [g.Node("MatMul", [x, weight]), bias]);

    /// <summary>GPT-2's tanh GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    private static string Gelu(OnnxGraph g, string x)
    {
        var cube = g.Node("Mul", [g.Node("Mul", [x, x]), x]);
        var inner = g.Node("Mul", [g.Node("Add", [x, g.Node("Mul", [cube, g.Scalar(0.044715f)])]), g.Scalar(0.7978845608f)]);
        var gate = g.Node("Add", [g.Scalar(1f), g.Node("Tanh", [inner])]);
        return g.Node("Mul", [g.Node("Mul", [x, gate]), g.Scalar(0.5f)]);
    }
}
