using Fleet.Workers.Rl.Environments;
using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Ppo;

/// <summary>
/// Deterministic evaluation: the most likely action at every step, on a fresh environment whose start states come from
/// a generator of its own (so evaluating never disturbs training, and the same policy always scores the same).
/// </summary>
internal static class PolicyEvaluator
{
    public static IReadOnlyList<double> Evaluate(Mlp policy, string env, long seed, int episodes)
    {
        var rng = new Xoshiro256(unchecked((ulong)seed) ^ 0xE7A1_5EED_0000_0001UL);
        var environment = EnvironmentCatalog.Create(env);
        var observation = new float[environment.ObservationSize];
        var input = new double[environment.ObservationSize];
        var activations = new MlpActivations();
        var returns = new double[episodes];
        for (var episode = 0; episode < episodes; episode++)
        {
            environment.Reset(rng, observation);
            while (true)
            {
                PpoTrainer.ToDoubles(observation, input);
                policy.Forward(input, 1, activations);
                var step = environment.Step(Categorical.ArgMax(activations.Output), observation);
                returns[episode] += step.Reward;
                if (step.Done)
                {
                    break;
                }
            }
        }
        return returns;
    }
}
