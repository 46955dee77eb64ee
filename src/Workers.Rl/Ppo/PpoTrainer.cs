using Fleet.Workers.Rl.Environments;
using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Ppo;

/// <summary>
/// PPO over a vectorised environment, one update at a time (collect n_steps × n_envs transitions, then n_epochs of
/// minibatch steps), following Stable-Baselines3's PPO. Single-threaded and deterministic given the seed: every
/// random draw comes from one generator whose state, with everything else, goes into <see cref="TrainerCheckpoint"/>.
/// </summary>
internal sealed class PpoTrainer
{
    private const int EpisodeWindow = 100;
    private readonly RolloutBuffer buffer;
    private readonly MlpActivations stepActivations = new();
    private readonly double[] stepObservations;
    private readonly int[] stepActions;
    private readonly StepResult[] stepResults;
    private readonly float[] finalObservations;
    private readonly double[] lastValues;
    private readonly int[] indices;
    private readonly double[] logPScratch;

    public PpoTrainer(TrainingSpec spec)
    {
        Spec = spec;
        var hp = spec.Hyperparameters;
        Rng = new Xoshiro256(unchecked((ulong)spec.Seed));
        var probe = EnvironmentCatalog.Create(spec.Env);
        int[] policySizes = [probe.ObservationSize, hp.HiddenSize, hp.HiddenSize, probe.ActionCount];
        int[] valueSizes = [probe.ObservationSize, hp.HiddenSize, hp.HiddenSize, 1];
        Parameters = new ParameterVector(Mlp.ParameterCount(policySizes) + Mlp.ParameterCount(valueSizes));
        Policy = new Mlp(Parameters, policySizes);
        Value = new Mlp(Parameters, valueSizes);
        // Stable-Baselines3's gains: √2 in hidden layers, 0.01 for the action logits, 1 for the value.
        Policy.Initialize(Rng, Math.Sqrt(2), 0.01);
        Value.Initialize(Rng, Math.Sqrt(2), 1);
        Optimizer = new AdamOptimizer(Parameters);
        Objective = new PpoObjective(Policy, Value);
        Envs = new VectorEnvironment(spec.Env, hp.NumEnvs, Rng);
        buffer = new RolloutBuffer(hp.NSteps, hp.NumEnvs, Envs.ObservationSize);
        EpisodeStarts = Enumerable.Repeat(true, hp.NumEnvs).ToArray();
        stepObservations = new double[hp.NumEnvs * Envs.ObservationSize];
        stepActions = new int[hp.NumEnvs];
        stepResults = new StepResult[hp.NumEnvs];
        finalObservations = new float[hp.NumEnvs * Envs.ObservationSize];
        lastValues = new double[hp.NumEnvs];
        indices = new int[buffer.Size];
        logPScratch = new double[Envs.ActionCount];
    }

    public TrainingSpec Spec { get; }
    public long Steps { get; internal set; }
    public long Updates { get; internal set; }
    public long Episodes { get; internal set; }
    public bool IsFinished => Steps >= Spec.TotalSteps;
    public Mlp Policy { get; }
    internal Mlp Value { get; }
    internal ParameterVector Parameters { get; }
    internal AdamOptimizer Optimizer { get; }
    internal Xoshiro256 Rng { get; set; }
    internal VectorEnvironment Envs { get; }
    internal bool[] EpisodeStarts { get; }
    internal Queue<CompletedEpisode> RecentEpisodes { get; } = new();
    private PpoObjective Objective { get; }

    /// <summary>One rollout and one round of optimisation. Cancellation is honoured between environment steps.</summary>
    public UpdateStats RunUpdate(CancellationToken cancellationToken)
    {
        var completed = Collect(cancellationToken);
        var hp = Spec.Hyperparameters;
        var progressRemaining = Math.Max(0, 1 - ((double)Steps / Spec.TotalSteps));
        var learningRate = hp.LinearLearningRate ? hp.LearningRate * progressRemaining : hp.LearningRate;
        var clipRange = hp.LinearClipRange ? hp.ClipRange * progressRemaining : hp.ClipRange;
        var losses = Optimize(learningRate, clipRange, cancellationToken);
        Updates++;
        return new UpdateStats
        {
            Update = Updates, Steps = Steps, Episodes = Episodes,
            MeanReturn = RecentEpisodes.Count == 0 ? double.NaN : RecentEpisodes.Average(e => e.Return),
            MeanLength = RecentEpisodes.Count == 0 ? double.NaN : RecentEpisodes.Average(e => e.Length),
            PolicyLoss = losses.PolicyLoss, ValueLoss = losses.ValueLoss, Entropy = losses.Entropy,
            ApproxKl = losses.ApproxKl, ClipFraction = losses.ClipFraction,
            LearningRate = learningRate, ClipRange = clipRange, NewEpisodes = completed,
        };
    }

    private List<CompletedEpisode> Collect(CancellationToken cancellationToken)
    {
        var hp = Spec.Hyperparameters;
        var (n, obsSize, actions) = (hp.NumEnvs, Envs.ObservationSize, Envs.ActionCount);
        var completed = new List<CompletedEpisode>();
        for (var t = 0; t < hp.NSteps; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var observations = buffer.Observations.AsSpan(t * n * obsSize, n * obsSize);
            ToDoubles(Envs.Observations, observations);
            Policy.Forward(observations, n, stepActivations);
            for (var i = 0; i < n; i++)
            {
                Categorical.LogSoftmax(stepActivations.Output.Slice(i * actions, actions), logPScratch);
                var action = stepActions[i] = Categorical.Sample(logPScratch, Rng);
                buffer.Actions[(t * n) + i] = action;
                buffer.LogProbabilities[(t * n) + i] = logPScratch[action];
            }
            Value.Forward(observations, n, stepActivations);
            stepActivations.Output.CopyTo(buffer.Values.AsSpan(t * n, n));

            Envs.Step(stepActions, stepResults, finalObservations, completed);
            Steps += n;
            for (var i = 0; i < n; i++)
            {
                var reward = stepResults[i].Reward;
                if (stepResults[i].Truncated && !stepResults[i].Terminated)
                {
                    // The time limit is not part of the task: bootstrap from the state the episode was cut off in.
                    reward += hp.Gamma * ValueOf(finalObservations.AsSpan(i * obsSize, obsSize));
                }
                buffer.Rewards[(t * n) + i] = reward;
                buffer.EpisodeStarts[(t * n) + i] = EpisodeStarts[i];
                EpisodeStarts[i] = stepResults[i].Done;
            }
        }
        foreach (var episode in completed)
        {
            Episodes++;
            RecentEpisodes.Enqueue(episode);
            if (RecentEpisodes.Count > EpisodeWindow)
            {
                RecentEpisodes.Dequeue();
            }
        }
        ToDoubles(Envs.Observations, stepObservations);
        Value.Forward(stepObservations, n, stepActivations);
        stepActivations.Output.CopyTo(lastValues);
        Gae.Compute(hp.NSteps, n, hp.Gamma, hp.GaeLambda, buffer.Rewards, buffer.Values, buffer.EpisodeStarts,
            lastValues, EpisodeStarts, buffer.Advantages, buffer.Returns);
        return completed;
    }

    private MinibatchLoss Optimize(double learningRate, double clipRange, CancellationToken cancellationToken)
    {
        var hp = Spec.Hyperparameters;
        var obsSize = Envs.ObservationSize;
        var minibatch = new Minibatch(hp.BatchSize, obsSize);
        double policyLoss = 0, valueLoss = 0, entropy = 0, kl = 0, clipFraction = 0;
        var count = 0;
        for (var epoch = 0; epoch < hp.NEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < indices.Length; i++)
            {
                indices[i] = i;
            }
            Rng.Shuffle(indices);
            for (var start = 0; start < indices.Length; start += hp.BatchSize)
            {
                var size = minibatch.Gather(buffer, indices.AsSpan(start, Math.Min(hp.BatchSize, indices.Length - start)));
                Parameters.ZeroGradients();
                var loss = Objective.Evaluate(minibatch.Observations, minibatch.Actions, minibatch.LogProbabilities,
                    minibatch.Advantages, minibatch.Returns, size, clipRange, hp.EntCoef, hp.VfCoef, accumulateGradients: true);
                Optimizer.ClipGradientNorm(hp.MaxGradNorm);
                Optimizer.Step(learningRate);
                (policyLoss, valueLoss, entropy, kl, clipFraction) =
                    (policyLoss + loss.PolicyLoss, valueLoss + loss.ValueLoss, entropy + loss.Entropy, kl + loss.ApproxKl, clipFraction + loss.ClipFraction);
                count++;
            }
        }
        return new MinibatchLoss(double.NaN, policyLoss / count, valueLoss / count, entropy / count, kl / count, clipFraction / count);
    }

    private double ValueOf(ReadOnlySpan<float> observation)
    {
        Span<double> input = stackalloc double[observation.Length];
        ToDoubles(observation, input);
        var activations = new MlpActivations();
        Value.Forward(input, 1, activations);
        return activations.Output[0];
    }

    internal static void ToDoubles(ReadOnlySpan<float> source, Span<double> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = source[i];
        }
    }
}
