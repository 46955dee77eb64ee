using Fleet.Workers.Llm.Decoding;

namespace Fleet.Workers.Llm.Tests.Decoding;

public sealed class TokenSamplerTests
{
    // Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1, in a shuffled token order.
    private static readonly float[] Logits = [MathF.Log(0.15f), MathF.Log(0.5f), MathF.Log(0.05f), MathF.Log(0.3f)];

    [Fact]
    public void Greedy_picks_the_largest_logit_and_the_lowest_id_on_a_tie()
    {
        Assert.Equal(1, TokenSampler.Sample(Logits, SamplingOptions.Greedy, new Random(1)));
        Assert.Equal(0, TokenSampler.Sample([2f, 2f, 1f], SamplingOptions.Greedy, new Random(1)));
    }

    [Fact]
    public void Temperature_one_keeps_the_softmax_probabilities()
    {
        var candidates = TokenSampler.Candidates(Logits, new SamplingOptions());

        Assert.Equal([1, 3, 0, 2], candidates.Select(c => c.Token));
        Assert.Equal([0.5, 0.3, 0.15, 0.05], candidates.Select(c => Math.Round(c.Probability, 6)));
    }

    [Fact]
    public void Temperature_sharpens_the_distribution_as_a_power_of_the_probabilities()
    {
        var candidates = TokenSampler.Candidates(Logits, new SamplingOptions(Temperature: 0.5f));
        var squares = new[] { 0.25, 0.09, 0.0225, 0.0025 };

        Assert.Equal(squares.Select(s => Math.Round(s / squares.Sum(), 6)), candidates.Select(c => Math.Round(c.Probability, 6)));
    }

    [Fact]
    public void Top_k_keeps_the_k_most_likely_renormalised()
    {
        var candidates = TokenSampler.Candidates(Logits, new SamplingOptions(TopK: 2));

        Assert.Equal([(1, 0.625), (3, 0.375)], candidates.Select(c => (c.Token, Math.Round(c.Probability, 6))));
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_reaching_p()
    {
        Assert.Equal([1, 3], TokenSampler.Candidates(Logits, new SamplingOptions(TopP: 0.75f)).Select(c => c.Token));
        Assert.Equal([1, 3, 0], TokenSampler.Candidates(Logits, new SamplingOptions(TopP: 0.81f)).Select(c => c.Token));
        Assert.Equal([1], TokenSampler.Candidates(Logits, new SamplingOptions(TopP: 0.1f)).Select(c => c.Token));
    }

    [Fact]
    public void Sampling_draws_in_proportion_to_the_probabilities_and_repeats_with_the_seed()
    {
        var options = new SamplingOptions();
        var draws = Enumerable.Range(0, 20_000).Select(_ => 0).ToArray();
        var random = new Random(5);
        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] = TokenSampler.Sample(Logits, options, random);
        }
        var again = new Random(5);

        Assert.Equal(draws.Take(100), Enumerable.Range(0, 100).Select(_ => TokenSampler.Sample(Logits, options, again)));
        Assert.InRange(draws.Count(t => t == 1) / 20_000.0, 0.48, 0.52);
        Assert.InRange(draws.Count(t => t == 2) / 20_000.0, 0.04, 0.06);
    }
}
