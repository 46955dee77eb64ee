using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Generation;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Fleet.Workers.Llm.Composition;

public static class InferenceExtensions
{
    /// <summary>
    /// The model (loaded at start-up: a bad folder or an unloadable CUDA provider stops the process), its continuous
    /// batcher, and the <c>llm.generate</c> handler. Call before <c>AddJobWorker</c>. Without <c>Llm:ModelPath</c> the
    /// worker serves no <c>llm.generate</c> (and says so at start), so a fleet without a model still runs its other types.
    /// </summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        if (!HasModel(builder.Configuration))
        {
            builder.Services.AddHostedService<NoModelNotice>();
            return builder;
        }
        builder.Services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(_ => new Random());
        builder.Services.AddSingleton(_ => new LlmMetrics(Metrics.DefaultFactory));
        builder.Services.AddSingleton<IModelSession, OnnxModelSession>();
        builder.Services.AddSingleton<ContinuousBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ContinuousBatcher>());
        builder.Services.AddSingleton<IJobHandler, GenerateTextJobHandler>();
        return builder;
    }

    /// <summary>Whether <c>Llm:ModelPath</c> names a model, so <see cref="AddInference"/> registers the batcher.</summary>
    public static bool HasModel(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(LlmOptions.Section).Get<LlmOptions>()?.ModelPath);
}
