using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Tests.Ppo;

public sealed class PpoTrainerTests
{
    private static readonly TrainingSpec Short = new("CartPole-v1", 3, 8 * 32 * 6, PpoHyperparameters.For("CartPole-v1") with { NEpochs = 4 });

    [Fact]
    public void Run_interrupted_at_an_update_boundary_and_resumed_ends_with_the_same_weights_bit_for_bit()
    {
        var uninterrupted = new PpoTrainer(Short);
        while (!uninterrupted.IsFinished)
        {
            uninterrupted.RunUpdate(CancellationToken.None);
        }

        var first = new PpoTrainer(Short);
        for (var i = 0; i < 2; i++)
        {
            first.RunUpdate(CancellationToken.None);
        }
        var resumed = TrainerCheckpoint.Restore(TrainerCheckpoint.Save(first));
        Assert.Equal(2, resumed.Updates);
        Assert.Equal(2 * 256, resumed.Steps);
        while (!resumed.IsFinished)
        {
            resumed.RunUpdate(CancellationToken.None);
        }

        Assert.Equal(uninterrupted.Parameters.Values, resumed.Parameters.Values);
        Assert.Equal(uninterrupted.Episodes, resumed.Episodes);
        Assert.Equal(TrainerCheckpoint.Save(uninterrupted), TrainerCheckpoint.Save(resumed));
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_does_not()
    {
        var a = new PpoTrainer(Short);
        var b = new PpoTrainer(Short);
        var c = new PpoTrainer(Short with { Seed = 4 });
        foreach (var trainer in new[] { a, b, c })
        {
            trainer.RunUpdate(CancellationToken.None);
        }

        Assert.Equal(a.Parameters.Values, b.Parameters.Values);
        Assert.NotEqual(a.Parameters.Values, c.Parameters.Values);
    }

    [Fact]
    public void Learns_to_balance_cartpole_with_the_zoo_settings()
    {
        // 40 updates of the zoo's CartPole settings, a fifth of the benchmark's budget: well past a random policy's ≈ 22.
        var trainer = new PpoTrainer(new TrainingSpec("CartPole-v1", 1, 40 * 256, PpoHyperparameters.For("CartPole-v1")));
        UpdateStats? last = null;
        while (!trainer.IsFinished)
        {
            last = trainer.RunUpdate(CancellationToken.None);
        }

        Assert.True(last!.MeanReturn > 60, $"mean return after {last.Steps} steps: {last.MeanReturn}");
    }

    [Fact]
    public void Cancellation_stops_the_rollout_at_the_next_step()
    {
        var trainer = new PpoTrainer(Short);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => trainer.RunUpdate(cancelled.Token));
        Assert.Equal(0, trainer.Steps);
    }

    [Fact]
    public void Checkpoint_of_another_format_is_refused()
    {
        var bytes = TrainerCheckpoint.Save(new PpoTrainer(Short));
        bytes[8] = 99; // the format version follows the 8-byte magic

        var error = Assert.Throws<InvalidDataException>(() => TrainerCheckpoint.Restore(bytes));
        Assert.Contains("format 99", error.Message);
    }

    [Fact]
    public void Evaluation_is_deterministic_for_a_policy()
    {
        var trainer = new PpoTrainer(Short);

        Assert.Equal(PolicyEvaluator.Evaluate(trainer.Policy, "CartPole-v1", 3, 10), PolicyEvaluator.Evaluate(trainer.Policy, "CartPole-v1", 3, 10));
    }
}
