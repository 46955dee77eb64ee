namespace Fleet.LlmFixture;

/// <summary>
/// All parameters of a generated model, drawn from one seeded <see cref="Random"/> in a fixed order, so the same spec
/// always gives the same bytes. The output head is tied to <see cref="TokenEmbedding"/> as in GPT-2.
/// </summary>
public sealed record FixtureWeights(
    FixtureModelSpec Spec,
    float[] TokenEmbedding,      // [vocab, d]
    float[] PositionEmbedding,   // [context, d]
    IReadOnlyList<LayerWeights> Layers,
    float[] LnFGamma, float[] LnFBeta)
{
    // Embeddings are wider than GPT-2's 0.02 so that logits spread by a few units: with random weights the top two
    // logits then rarely sit within float rounding of each other, and greedy decoding is stable across batch shapes.
    private const double EmbeddingStd = 0.3;

    public static FixtureWeights Generate(FixtureModelSpec spec)
    {
        spec.EnsureValid();
        var random = new Random(spec.Seed);
        int d = spec.Embedding;
        var tokens = Normal(random, spec.VocabSize * d, EmbeddingStd);
        var positions = Normal(random, spec.Context * d, EmbeddingStd);
        var layers = new List<LayerWeights>(spec.Layers);
        for (var i = 0; i < spec.Layers; i++)
        {
            layers.Add(new LayerWeights(
                Gamma(random, d), Normal(random, d, 0.02),
                Normal(random, d * 3 * d, 1 / Math.Sqrt(d)), Normal(random, 3 * d, 0.02),
                Normal(random, d * d, 1 / Math.Sqrt(d)), Normal(random, d, 0.02),
                Gamma(random, d), Normal(random, d, 0.02),
                Normal(random, d * 4 * d, 1 / Math.Sqrt(d)), Normal(random, 4 * d, 0.02),
                Normal(random, 4 * d * d, 1 / Math.Sqrt(4 * d)), Normal(random, d, 0.02)));
        }
        return new FixtureWeights(spec, tokens, positions, layers, Gamma(random, d), Normal(random, d, 0.02));
    }

    private static float[] Gamma(Random random, int count)
    {
        var values = Normal(random, count, 0.1);
        for (var i = 0; i < count; i++)
        {
            values[i] += 1f;
        }
        return values;
    }

    private static float[] Normal(Random random, int count, double std)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller: NextDouble is stable for a seeded System.Random across .NET versions.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return values;
    }
}
