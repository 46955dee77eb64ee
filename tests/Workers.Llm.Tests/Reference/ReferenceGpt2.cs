using System.Numerics.Tensors;
using Fleet.LlmFixture;

namespace Fleet.Workers.Llm.Tests.Reference;

/// <summary>
/// GPT-2's forward pass written out in plain C# from the generator's weights, independent of the ONNX graph: one
/// sequence, a KV cache as lists of per-position vectors. Slow and obvious on purpose.
/// </summary>
public sealed class ReferenceGpt2(FixtureWeights weights)
{
    private readonly FixtureModelSpec spec = weights.Spec;
    private readonly List<float[]>[] keys = Enumerable.Range(0, weights.Spec.Layers).Select(_ => new List<float[]>()).ToArray();
    private readonly List<float[]>[] values = Enumerable.Range(0, weights.Spec.Layers).Select(_ => new List<float[]>()).ToArray();

    public int Length => keys[0].Count;

    /// <summary>Feeds one token at the next position and returns the logits that follow it.</summary>
    public float[] Next(int token)
    {
        int d = spec.Embedding, position = Length;
        var x = new float[d];
        TensorPrimitives.Add(weights.TokenEmbedding.AsSpan(token * d, d), weights.PositionEmbedding.AsSpan(position * d, d), x);
        for (var l = 0; l < spec.Layers; l++)
        {
            x = Block(weights.Layers[l], l, x);
        }
        var h = LayerNorm(x, weights.LnFGamma, weights.LnFBeta);
        var logits = new float[spec.VocabSize];
        for (var v = 0; v < logits.Length; v++)
        {
            logits[v] = TensorPrimitives.Dot(h, weights.TokenEmbedding.AsSpan(v * d, d));
        }
        return logits;
    }

    private float[] Block(LayerWeights w, int layer, float[] x)
    {
        int d = spec.Embedding, heads = spec.Heads, hd = spec.HeadSize;
        var qkv = Linear(LayerNorm(x, w.Ln1Gamma, w.Ln1Beta), w.AttnW, w.AttnB, 3 * d);
        keys[layer].Add(qkv[d..(2 * d)]);
        values[layer].Add(qkv[(2 * d)..]);
        var attended = new float[d];
        var scale = 1 / MathF.Sqrt(hd);
        for (var head = 0; head < heads; head++)
        {
            var q = qkv[(head * hd)..((head + 1) * hd)];
            var scores = keys[layer].Select(k => TensorPrimitives.Dot(q, k.AsSpan(head * hd, hd)) * scale).ToArray();
            var max = scores.Max();
            var weightsOf = scores.Select(s => MathF.Exp(s - max)).ToArray();
            var sum = weightsOf.Sum();
            for (var t = 0; t < weightsOf.Length; t++)
            {
                for (var i = 0; i < hd; i++)
                {
                    attended[head * hd + i] += weightsOf[t] / sum * values[layer][t][head * hd + i];
                }
            }
        }
        var residual = Add(x, Linear(attended, w.AttnProjW, w.AttnProjB, d));
        var fc = Linear(LayerNorm(residual, w.Ln2Gamma, w.Ln2Beta), w.FcW, w.FcB, 4 * d);
        for (var i = 0; i < fc.Length; i++)
        {
            var v = fc[i];
            fc[i] = 0.5f * v * (1 + MathF.Tanh(0.7978845608f * (v + 0.044715f * v * v * v)));
        }
        return Add(residual, Linear(fc, w.FcProjW, w.FcProjB, d));
    }

    private static float[] Linear(float[] x, float[] w, float[] b, int outputs)
    {
        var y = (float[])b.Clone();
        for (var i = 0; i < x.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(w.AsSpan(i * outputs, outputs), x[i], y, y);
        }
        return y;
    }

    private static float[] LayerNorm(float[] x, float[] gamma, float[] beta)
    {
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        var inv = 1 / MathF.Sqrt(variance + 1e-5f);
        return [.. x.Select((v, i) => (v - mean) * inv * gamma[i] + beta[i])];
    }

    private static float[] Add(float[] a, float[] b)
    {
        var y = new float[a.Length];
        TensorPrimitives.Add(a, b, y);
        return y;
    }
}
