using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Tests.Numerics;

public sealed class Xoshiro256Tests
{
    [Fact]
    public void Output_matches_the_reference_xoshiro256_starstar_for_state_1_2_3_4()
    {
        var rng = Xoshiro256.FromState([1, 2, 3, 4]);

        Assert.Equal([11520UL, 0UL, 1509978240UL, 1215971899390074240UL], [rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64(), rng.NextUInt64()]);
    }

    [Fact]
    public void A_generator_rebuilt_from_its_written_state_continues_the_same_sequence()
    {
        var rng = new Xoshiro256(42);
        rng.NextDouble();
        var state = new ulong[4];
        rng.WriteState(state);
        var copy = Xoshiro256.FromState(state);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(rng.NextUInt64(), copy.NextUInt64());
        }
    }

    [Fact]
    public void Bounded_integers_stay_in_range_and_reach_every_value()
    {
        var rng = new Xoshiro256(3);
        var seen = new int[7];
        for (var i = 0; i < 7_000; i++)
        {
            seen[rng.NextInt(7)]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void All_zero_state_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Xoshiro256.FromState([0, 0, 0, 0]));
    }
}
