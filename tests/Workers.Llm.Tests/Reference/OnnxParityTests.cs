using Fleet.Llm.Model;

namespace Fleet.Workers.Llm.Tests.Reference;

/// <summary>The generated ONNX graph on ONNX Runtime computes what the plain C# GPT-2 computes from the same weights.</summary>
public sealed class OnnxParityTests(FixtureModel model)
{
    private const float Tolerance = 1e-4f;
    private readonly int[] prompt = [.. model.Session.Tokenizer.EncodeToIds("The fleet sails at dawn, and every worker")];

    [Fact]
    public void Prefill_logits_match_the_reference_at_every_position()
    {
        var onnx = new SingleSequence(model.Session).Feed(prompt);
        var gpt2 = new ReferenceGpt2(model.Weights);
        var reference = prompt.Select(gpt2.Next).ToArray();

        for (var i = 0; i < prompt.Length; i++)
        {
            AssertClose(reference[i], onnx[i], $"position {i}");
        }
    }

    [Fact]
    public void Logits_with_the_kv_cache_match_the_reference_token_by_token()
    {
        var onnx = new SingleSequence(model.Session);
        var reference = new ReferenceGpt2(model.Weights);
        onnx.Feed(prompt[..3]);
        foreach (var token in prompt[..3])
        {
            reference.Next(token);
        }

        foreach (var token in prompt[3..])
        {
            AssertClose(reference.Next(token), onnx.Feed([token])[0], $"token {token} at {reference.Length - 1}");
        }
    }

    [Fact]
    public void Greedy_tokens_are_identical_with_and_without_the_cache_and_in_the_reference()
    {
        const int steps = 24;
        var cached = new SingleSequence(model.Session);
        var withCache = new List<int> { SingleSequence.ArgMax(cached.Feed(prompt)[^1]) };
        while (withCache.Count < steps)
        {
            withCache.Add(SingleSequence.ArgMax(cached.Feed([withCache[^1]])[0]));
        }

        var withoutCache = new List<int>();
        var reference = new ReferenceGpt2(model.Weights);
        float[] referenceLogits = [];
        foreach (var token in prompt)
        {
            referenceLogits = reference.Next(token);
        }
        var referenceTokens = new List<int>();
        while (withoutCache.Count < steps)
        {
            var everything = prompt.Concat(withoutCache).ToArray();
            withoutCache.Add(SingleSequence.ArgMax(new SingleSequence(model.Session).Feed(everything)[^1]));
            referenceTokens.Add(SingleSequence.ArgMax(referenceLogits));
            referenceLogits = reference.Next(referenceTokens[^1]);
        }

        Assert.Equal(withCache, withoutCache);
        Assert.Equal(withCache, referenceTokens);
    }

    [Fact]
    public void Fixture_config_describes_the_generated_model()
    {
        var config = ModelConfig.Load(model.Folder);

        Assert.Equal((2, 4, 4, 16, 256, 50_257), (config.Layers, config.Heads, config.KeyValueHeads, config.HeadSize, config.Context, config.VocabSize));
        Assert.Equal([50_256], config.EndOfSequenceTokens);
    }

    private static void AssertClose(float[] expected, float[] actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0;
        for (var i = 1; i < expected.Length; i++)
        {
            if (MathF.Abs(expected[i] - actual[i]) > MathF.Abs(expected[worst] - actual[worst]))
            {
                worst = i;
            }
        }
        Assert.True(MathF.Abs(expected[worst] - actual[worst]) <= Tolerance,
            $"{where}: logit {worst} is {actual[worst]} on ONNX Runtime, {expected[worst]} in the reference (tolerance {Tolerance}).");
    }
}
