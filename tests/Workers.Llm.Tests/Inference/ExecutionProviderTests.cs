using Fleet.Workers.Llm.Composition;
using Fleet.Workers.Llm.Inference;
using Fleet.Workers.Llm.Tests.Reference;
using Microsoft.Extensions.Hosting;

namespace Fleet.Workers.Llm.Tests.Inference;

public sealed class ExecutionProviderTests(FixtureModel model)
{
    [Fact]
    public void Cuda_where_it_cannot_load_is_a_clear_error_not_a_fall_back_to_the_cpu()
    {
        Assert.SkipWhen(CudaProbe.IsAvailable, "CUDA loads on this machine; the failure case cannot happen here.");
        var options = model.Options();
        options.ExecutionProvider = "cuda";

        var error = Assert.Throws<CudaUnavailableException>(() => new OnnxModelSession(options));

        Assert.StartsWith("Llm:ExecutionProvider is 'cuda' but ONNX Runtime's CUDA provider could not be loaded on device 0:", error.Message);
        Assert.Contains("-p:FleetGpu=true", error.Message);
    }

    [Fact]
    public async Task The_worker_host_with_cuda_where_it_cannot_load_fails_at_start()
    {
        Assert.SkipWhen(CudaProbe.IsAvailable, "CUDA loads on this machine; the failure case cannot happen here.");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Llm:ModelPath"] = model.Folder;
        builder.Configuration["Llm:ExecutionProvider"] = "cuda";
        builder.AddInference();
        using var host = builder.Build();

        await Assert.ThrowsAsync<CudaUnavailableException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    [Trait("Category", "Gpu")]
    public void On_cuda_the_fixture_model_gives_the_cpu_logits_and_greedy_tokens()
    {
        Assert.SkipUnless(CudaProbe.IsAvailable, "No CUDA here: build with -p:FleetGpu=true on a machine with an NVIDIA GPU and the CUDA 13 runtime.");
        var options = model.Options();
        options.ExecutionProvider = "cuda";
        using var cuda = new OnnxModelSession(options);
        int[] prompt = [.. model.Session.Tokenizer.EncodeToIds("The fleet sails at dawn")];

        var onCpu = new SingleSequence(model.Session).Feed(prompt);
        var onGpu = new SingleSequence(cuda).Feed(prompt);

        for (var i = 0; i < prompt.Length; i++)
        {
            Assert.Equal(SingleSequence.ArgMax(onCpu[i]), SingleSequence.ArgMax(onGpu[i]));
            Assert.All(onCpu[i].Zip(onGpu[i]), pair => Assert.InRange(pair.Second - pair.First, -1e-3f, 1e-3f));
        }
    }
}
