using System.Diagnostics;
using System.Globalization;
using Fleet.Workers.Rl.Ppo;

// Fleet.Bench.Rl [cartpole|acrobot|all] [--seeds 5] [--steps 100000] [--acrobot-steps 200000]
// Trains in this process on one thread, exactly as the rl.train handler does, and prints one line per figure.
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var seeds = Option("--seeds", 5);
var steps = Option("--steps", 100_000);
var acrobotSteps = Option("--acrobot-steps", 200_000);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Trim()}");

if (mode is "cartpole" or "all")
{
    var passed = 0;
    for (var seed = 0; seed < seeds; seed++)
    {
        var run = Train("CartPole-v1", seed, steps, reportEvery: 0);
        passed += run.EvalMean >= 475 ? 1 : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cartpole seed={seed} steps={run.Steps} eval_mean_return={run.EvalMean:0.0} train_mean_return={run.TrainMean:0.0} wall_s={run.Seconds:0.00} env_steps_per_s={run.Steps / run.Seconds:0} checkpoint_bytes={run.CheckpointBytes}"));
    }
    Console.WriteLine($"cartpole seeds_at_or_above_475={passed}/{seeds}");
}
if (mode is "acrobot" or "all")
{
    var run = Train("Acrobot-v1", 0, acrobotSteps, reportEvery: 4);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"acrobot seed=0 steps={run.Steps} eval_mean_return={run.EvalMean:0.0} wall_s={run.Seconds:0.00} env_steps_per_s={run.Steps / run.Seconds:0} checkpoint_bytes={run.CheckpointBytes}"));
}

static RunFigures Train(string env, int seed, long totalSteps, int reportEvery)
{
    var trainer = new PpoTrainer(new TrainingSpec(env, seed, totalSteps, PpoHyperparameters.For(env)));
    var clock = Stopwatch.StartNew();
    UpdateStats? last = null;
    while (!trainer.IsFinished)
    {
        last = trainer.RunUpdate(CancellationToken.None);
        if (reportEvery > 0 && last.Update % reportEvery == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {env} curve step={last.Steps} mean_return={last.MeanReturn:0.0} mean_length={last.MeanLength:0.0} entropy={last.Entropy:0.000} approx_kl={last.ApproxKl:0.0000}"));
        }
    }
    var seconds = clock.Elapsed.TotalSeconds;
    var eval = PolicyEvaluator.Evaluate(trainer.Policy, env, seed, 10);
    return new RunFigures(trainer.Steps, eval.Average(), last?.MeanReturn ?? double.NaN, seconds, TrainerCheckpoint.Save(trainer).Length);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record RunFigures(long Steps, double EvalMean, double TrainMean, double Seconds, int CheckpointBytes);
