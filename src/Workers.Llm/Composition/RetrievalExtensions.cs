using Fleet.Retrieval;
using Fleet.Retrieval.Answers;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Embeddings;
using Fleet.Workers.Llm.Retrieval;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Workers.Llm.Composition;

public static class RetrievalExtensions
{
    /// <summary>
    /// <c>llm.embed</c>, <c>ingest.run</c> and <c>rag.answer</c>. The answer generator is the extractive fallback unless
    /// an <see cref="IAnswerGenerator"/> (the LLM's) is registered before this call.
    /// </summary>
    public static IHostApplicationBuilder AddRetrieval(this IHostApplicationBuilder builder)
    {
        builder.AddChunkSearch();
        builder.AddDocumentIngestion();
        builder.Services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<IAnswerGenerator, ExtractiveAnswerGenerator>();
        builder.Services.AddSingleton<IJobHandler, EmbedTextsJobHandler>();
        builder.Services.AddSingleton<IJobHandler, IngestDocumentsJobHandler>();
        builder.Services.AddSingleton<IJobHandler, AnswerQuestionJobHandler>();
        return builder;
    }
}
