using Fleet.Retrieval;
using Fleet.Retrieval.Answers;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Embeddings;
using Fleet.Workers.Llm.Retrieval;

namespace Fleet.Workers.Llm.Composition;

public static class RetrievalExtensions
{
    /// <summary>
    /// <c>llm.embed</c>, <c>ingest.run</c> and <c>rag.answer</c>. <c>rag.answer</c> is written by the model
    /// (<see cref="LlmAnswerGenerator"/>, so call <see cref="InferenceExtensions.AddInference"/> first) unless
    /// <c>Answers:Generator</c> is <c>extractive</c>; with <c>llm</c> and no model the worker serves no <c>rag.answer</c>,
    /// as it serves no <c>llm.generate</c>, rather than answer some other way than configured.
    /// </summary>
    public static IHostApplicationBuilder AddRetrieval(this IHostApplicationBuilder builder)
    {
        builder.AddChunkSearch();
        builder.AddDocumentIngestion();
        builder.Services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IJobHandler, EmbedTextsJobHandler>();
        builder.Services.AddSingleton<IJobHandler, IngestDocumentsJobHandler>();
        // Any other value registers no generator and fails the options validation at start, naming the setting.
        switch (builder.Configuration[$"{AnswerOptions.Section}:{nameof(AnswerOptions.Generator)}"] ?? AnswerOptions.LlmGenerator)
        {
            case AnswerOptions.ExtractiveGenerator:
                builder.Services.AddSingleton<IAnswerGenerator, ExtractiveAnswerGenerator>();
                builder.Services.AddSingleton<IJobHandler, AnswerQuestionJobHandler>();
                break;
            case AnswerOptions.LlmGenerator when InferenceExtensions.HasModel(builder.Configuration):
                builder.Services.AddSingleton<IAnswerGenerator, LlmAnswerGenerator>();
                builder.Services.AddSingleton<IJobHandler, AnswerQuestionJobHandler>();
                break;
        }
        return builder;
    }
}
