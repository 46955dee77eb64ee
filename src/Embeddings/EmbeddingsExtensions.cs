using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Fleet.Embeddings;

public static class EmbeddingsExtensions
{
    /// <summary>
    /// Registers the MiniLM embedder as the process's <see cref="ITextEmbedder"/> singleton (the model loads on first
    /// use, ~0.3 s), unless one is registered already (tests substitute a fast one).
    /// </summary>
    public static IHostApplicationBuilder AddTextEmbedder(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<ITextEmbedder, MiniLmEmbedder>();
        return builder;
    }
}
