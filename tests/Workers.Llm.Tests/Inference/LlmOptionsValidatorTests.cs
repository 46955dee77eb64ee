using Fleet.Workers.Llm.Composition;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Tests.Inference;

public sealed class LlmOptionsValidatorTests(FixtureModel model)
{
    [Fact]
    public void A_folder_with_model_onnx_and_config_json_is_valid()
    {
        Assert.True(new LlmOptionsValidator().Validate(null, model.Options()).Succeeded);
    }

    [Fact]
    public void A_folder_without_the_model_files_names_what_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("fleet-llm-empty-");

        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { ModelPath = empty.FullName });
        empty.Delete();

        Assert.Equal($"Llm:ModelPath '{empty.FullName}' lacks model.onnx and config.json.", result.FailureMessage);
    }

    [Fact]
    public async Task The_worker_host_with_a_bad_model_path_or_provider_fails_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Llm:ModelPath"] = "/nowhere/model";
        builder.Configuration["Llm:ExecutionProvider"] = "tpu";
        builder.AddInference();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Llm:ModelPath '/nowhere/model' lacks model.onnx and config.json.", error.Failures);
        Assert.Contains(error.Failures, f => f.Contains("ExecutionProvider", StringComparison.Ordinal));
    }
}
