using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Rl.Numerics;

namespace Fleet.Workers.Rl.Ppo;

/// <summary>
/// PPO settings. Defaults per environment are rl-baselines3-zoo's tuned ones (hyperparams/ppo.yml) on top of
/// Stable-Baselines3's PPO defaults; a job's <c>hyperparameters</c> object overrides any of them by camelCase name.
/// </summary>
internal sealed record PpoHyperparameters
{
    public int NumEnvs { get; init; } = 1;
    public int NSteps { get; init; } = 2048;
    public int BatchSize { get; init; } = 64;
    public int NEpochs { get; init; } = 10;
    public double Gamma { get; init; } = 0.99;
    public double GaeLambda { get; init; } = 0.95;
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Whether the learning rate falls linearly to 0 with the progress remaining.</summary>
    public bool LinearLearningRate { get; init; }
    public double ClipRange { get; init; } = 0.2;
    public bool LinearClipRange { get; init; }
    public double EntCoef { get; init; }
    public double VfCoef { get; init; } = 0.5;
    public double MaxGradNorm { get; init; } = 0.5;
    public int HiddenSize { get; init; } = 64;

    public int RolloutSize => NumEnvs * NSteps;

    public static PpoHyperparameters For(string env) => env switch
    {
        // ppo.yml, CartPole-v1: n_envs 8, n_steps 32, batch 256, gae_lambda 0.8, gamma 0.98, n_epochs 20, ent_coef 0,
        // lr lin_0.001, clip_range lin_0.2.
        "CartPole-v1" => new()
        {
            NumEnvs = 8, NSteps = 32, BatchSize = 256, NEpochs = 20, Gamma = 0.98, GaeLambda = 0.8,
            LearningRate = 1e-3, LinearLearningRate = true, ClipRange = 0.2, LinearClipRange = true,
        },
        // ppo.yml, Acrobot-v1: n_envs 16, n_steps 256, gae_lambda 0.94, gamma 0.99, n_epochs 4, ent_coef 0 (and
        // normalize: true, which this worker does not implement: Acrobot's observations are bounded already).
        "Acrobot-v1" => new() { NumEnvs = 16, NSteps = 256, GaeLambda = 0.94, Gamma = 0.99, NEpochs = 4 },
        _ => new(),
    };

    /// <summary>The settings with the job's overrides applied; an unknown name or a value out of range is a <see cref="JobInputException"/>.</summary>
    public PpoHyperparameters With(JsonElement overrides)
    {
        if (overrides.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return this;
        }
        if (overrides.ValueKind != JsonValueKind.Object)
        {
            throw new JobInputException("hyperparameters must be a JSON object.");
        }
        var result = this;
        foreach (var property in overrides.EnumerateObject())
        {
            var value = property.Value;
            result = property.Name switch
            {
                "numEnvs" => result with { NumEnvs = Whole(property, 1, 256) },
                "nSteps" => result with { NSteps = Whole(property, 1, 8192) },
                "batchSize" => result with { BatchSize = Whole(property, 1, 65_536) },
                "nEpochs" => result with { NEpochs = Whole(property, 1, 100) },
                "gamma" => result with { Gamma = Real(property, 0, 1) },
                "gaeLambda" => result with { GaeLambda = Real(property, 0, 1) },
                "learningRate" => result with { LearningRate = Real(property, 0, 1) },
                "linearLearningRate" => result with { LinearLearningRate = Flag(property) },
                "clipRange" => result with { ClipRange = Real(property, 0, 10) },
                "linearClipRange" => result with { LinearClipRange = Flag(property) },
                "entCoef" => result with { EntCoef = Real(property, 0, 1) },
                "vfCoef" => result with { VfCoef = Real(property, 0, 10) },
                "maxGradNorm" => result with { MaxGradNorm = Real(property, 0, 1000) },
                "hiddenSize" => result with { HiddenSize = Whole(property, 1, 1024) },
                _ => throw new JobInputException($"hyperparameters.{property.Name} is not a PPO hyperparameter."),
            };
        }
        if (result.BatchSize > result.RolloutSize)
        {
            throw new JobInputException($"hyperparameters.batchSize ({result.BatchSize}) exceeds numEnvs × nSteps ({result.RolloutSize}).");
        }
        return result;
    }

    public void Write(CheckpointWriter writer)
    {
        foreach (var value in (int[])[NumEnvs, NSteps, BatchSize, NEpochs, HiddenSize])
        {
            writer.Write(value);
        }
        foreach (var value in (double[])[Gamma, GaeLambda, LearningRate, ClipRange, EntCoef, VfCoef, MaxGradNorm])
        {
            writer.Write(value);
        }
        writer.Write(LinearLearningRate);
        writer.Write(LinearClipRange);
    }

    public static PpoHyperparameters Read(CheckpointReader reader) => new()
    {
        NumEnvs = reader.ReadInt32(), NSteps = reader.ReadInt32(), BatchSize = reader.ReadInt32(),
        NEpochs = reader.ReadInt32(), HiddenSize = reader.ReadInt32(),
        Gamma = reader.ReadDouble(), GaeLambda = reader.ReadDouble(), LearningRate = reader.ReadDouble(),
        ClipRange = reader.ReadDouble(), EntCoef = reader.ReadDouble(), VfCoef = reader.ReadDouble(),
        MaxGradNorm = reader.ReadDouble(),
        LinearLearningRate = reader.ReadBoolean(), LinearClipRange = reader.ReadBoolean(),
    };

    private static int Whole(JsonProperty property, int min, int max) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var value) && value >= min && value <= max
            ? value
            : throw new JobInputException($"hyperparameters.{property.Name} must be a whole number between {min} and {max}.");

    private static double Real(JsonProperty property, double min, double max) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.GetDouble() is var value && value >= min && value <= max
            ? value
            : throw new JobInputException($"hyperparameters.{property.Name} must be a number between {min} and {max}.");

    private static bool Flag(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new JobInputException($"hyperparameters.{property.Name} must be true or false."),
    };
}
