using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Rl.Environments;
using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Training;

/// <summary>
/// The input of an <c>rl.train</c> job (DESIGN.md): env, algorithm (ppo), totalSteps, seed, hyperparameters. The Api
/// checks it at submit time; this is the worker's own check, for anything that reaches it another way.
/// </summary>
internal static class TrainJobInput
{
    public static TrainingSpec Read(JsonElement input, Guid jobId)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new JobInputException("The input of rl.train must be a JSON object.");
        }
        var env = input.TryGetProperty("env", out var envValue) && envValue.ValueKind == JsonValueKind.String ? envValue.GetString()! : null;
        if (env is null || !EnvironmentCatalog.Names.Contains(env))
        {
            throw new JobInputException($"env must be one of: {string.Join(", ", EnvironmentCatalog.Names)}.");
        }
        if (input.TryGetProperty("algorithm", out var algorithm) && algorithm.ValueKind != JsonValueKind.Null && algorithm.GetString() != "ppo")
        {
            throw new JobInputException("algorithm must be ppo.");
        }
        if (!input.TryGetProperty("totalSteps", out var total) || !total.TryGetInt64(out var totalSteps) || totalSteps < 1)
        {
            throw new JobInputException("totalSteps must be a whole number of at least 1.");
        }
        // Without a seed, the job id picks one: every attempt of the job then starts from the same one.
        var seed = input.TryGetProperty("seed", out var seedValue) && seedValue.TryGetInt64(out var given)
            ? given
            : BitConverter.ToInt32(jobId.ToByteArray(), 0);
        var hyperparameters = PpoHyperparameters.For(env)
            .With(input.TryGetProperty("hyperparameters", out var overrides) ? overrides : default);
        return new TrainingSpec(env, seed, totalSteps, hyperparameters);
    }
}
