using Fleet.Workers.Rl.Export;
using Fleet.Workers.Rl.Numerics;
using Fleet.Workers.Rl.Ppo;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Fleet.Workers.Rl.Tests.Export;

public sealed class OnnxPolicyExporterTests
{
    [Theory]
    [InlineData("CartPole-v1")]
    [InlineData("Acrobot-v1")]
    public void Onnx_runtime_computes_the_same_logits_as_the_trained_policy(string env)
    {
        var trainer = new PpoTrainer(new TrainingSpec(env, 2, 1, PpoHyperparameters.For(env) with { NumEnvs = 2, NSteps = 16, BatchSize = 32, NEpochs = 2 }));
        trainer.RunUpdate(CancellationToken.None); // weights no longer at their initial values
        var model = OnnxPolicyExporter.Export(trainer.Policy, env);
        using var session = new InferenceSession(model);
        var rng = new Xoshiro256(8);
        var obsSize = trainer.Policy.InputSize;

        for (var sample = 0; sample < 5; sample++)
        {
            var observation = Enumerable.Range(0, obsSize).Select(_ => (float)rng.NextGaussian()).ToArray();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxPolicyExporter.InputName, new DenseTensor<float>(observation, [1, obsSize]))]);
            var onnxLogits = results.Single(r => r.Name == OnnxPolicyExporter.OutputName).AsEnumerable<float>().ToArray();

            var activations = new MlpActivations();
            trainer.Policy.Forward(observation.Select(v => (double)v).ToArray(), 1, activations);
            var expected = activations.Output.ToArray();
            Assert.Equal(expected.Length, onnxLogits.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                // The model holds float32 weights; the trainer computes in doubles.
                Assert.Equal(expected[i], onnxLogits[i], 1e-4);
            }
            Assert.Equal(Categorical.ArgMax(expected), Array.IndexOf(onnxLogits, onnxLogits.Max()));
        }
    }
}
