using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Tests.Numerics;

public sealed class CategoricalTests
{
    [Fact]
    public void Log_softmax_of_huge_logits_stays_finite()
    {
        var logP = new double[2];

        Categorical.LogSoftmax([1000.0, 1000.0 + Math.Log(3)], logP);

        Assert.Equal(Math.Log(0.25), logP[0], 12);
        Assert.Equal(Math.Log(0.75), logP[1], 12);
    }

    [Fact]
    public void Entropy_of_a_uniform_distribution_is_log_n()
    {
        Assert.Equal(Math.Log(3), Categorical.Entropy([Math.Log(1.0 / 3), Math.Log(1.0 / 3), Math.Log(1.0 / 3)]), 12);
    }

    [Fact]
    public void Samples_follow_the_probabilities()
    {
        var rng = new Xoshiro256(9);
        double[] logP = [Math.Log(0.2), Math.Log(0.8)];
        var ones = 0;
        for (var i = 0; i < 10_000; i++)
        {
            ones += Categorical.Sample(logP, rng);
        }

        Assert.InRange(ones, 7_800, 8_200);
    }
}
