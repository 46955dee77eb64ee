using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Rl.Ppo;

namespace Fleet.Workers.Rl.Tests.Ppo;

public sealed class PpoHyperparametersTests
{
    [Fact]
    public void CartPole_defaults_are_the_zoo_settings()
    {
        var hp = PpoHyperparameters.For("CartPole-v1");

        Assert.Equal((8, 32, 256, 20, 0.98, 0.8, 1e-3, true, 0.2, true, 0.0), (hp.NumEnvs, hp.NSteps, hp.BatchSize, hp.NEpochs, hp.Gamma, hp.GaeLambda, hp.LearningRate, hp.LinearLearningRate, hp.ClipRange, hp.LinearClipRange, hp.EntCoef));
        Assert.Equal((0.5, 0.5), (hp.VfCoef, hp.MaxGradNorm));
    }

    [Fact]
    public void Overrides_replace_only_the_named_settings()
    {
        var hp = PpoHyperparameters.For("CartPole-v1").With(Json("""{"nEpochs": 5, "learningRate": 0.0003, "linearLearningRate": false}"""));

        Assert.Equal((5, 3e-4, false, 8), (hp.NEpochs, hp.LearningRate, hp.LinearLearningRate, hp.NumEnvs));
    }

    [Theory]
    [InlineData("""{"lr": 0.1}""", "hyperparameters.lr is not a PPO hyperparameter.")]
    [InlineData("""{"gamma": 1.5}""", "hyperparameters.gamma must be a number between 0 and 1.")]
    [InlineData("""{"nSteps": 2.5}""", "hyperparameters.nSteps must be a whole number between 1 and 8192.")]
    [InlineData("""{"batchSize": 512}""", "hyperparameters.batchSize (512) exceeds numEnvs × nSteps (256).")]
    public void Bad_override_is_invalid_input(string json, string message)
    {
        var error = Assert.Throws<JobInputException>(() => PpoHyperparameters.For("CartPole-v1").With(Json(json)));

        Assert.Equal(message, error.Message);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
