using Fleet.Retrieval.Answers;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Generation;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Retrieval;

/// <summary>
/// <c>rag.answer</c>'s generator where <c>Answers:Generator</c> is <c>llm</c>: the prompt runs through the same
/// <see cref="ContinuousBatcher"/> as <c>llm.generate</c>, greedily, for at most <c>Answers:MaxTokens</c> tokens. A
/// prompt longer than the model's context leaves room for the answer by dropping its weakest sources first, then the
/// tail of the best one, so a long retrieval never fails the job; only those sources are cited.
/// </summary>
public sealed class LlmAnswerGenerator(ContinuousBatcher batcher, IModelSession session, IOptions<AnswerOptions> answers, IOptions<LlmOptions> llm)
    : IAnswerGenerator
{
    public string Name => "llm";

    /// <summary>The batcher's size, as llm.generate takes: more rag.answer jobs wait in RabbitMQ, not in the batcher.</summary>
    public int? MaxConcurrency => llm.Value.MaxBatchSize;

    public async Task<GeneratedAnswer> GenerateAsync(RagPrompt prompt, AnswerTextSink stream, CancellationToken cancellationToken)
    {
        var context = session.Config.Context;
        // Never more than half the context for the answer: a model with a short context still reads its sources.
        var maxTokens = Math.Min(answers.Value.MaxTokens, context / 2);
        var budget = context - maxTokens;
        var fitted = prompt.FitTo(text => session.Tokenizer.CountTokens(text) <= budget)
            ?? throw new JobInputException(
                $"input.question is too long: with the prompt's instructions it takes more than {budget} tokens, the model's context of {context} tokens less {maxTokens} for the answer.");
        var generation = batcher.Submit(new GenerationRequest
        {
            PromptTokens = session.Tokenizer.EncodeToIds(fitted.Text),
            MaxTokens = maxTokens,
            Sampling = SamplingOptions.Greedy,
        }, cancellationToken);
        await TokenRelay.RelayAsync(generation.Text, llm.Value.MaxTokensPerEvent, (pieces, ct) => stream(pieces, ct), cancellationToken);
        var result = await generation.Completion.WaitAsync(cancellationToken);
        return new GeneratedAnswer(result.Text, fitted, new AnswerUsage(result.PromptTokens, result.CompletionTokens.Count), result.FinishReason);
    }
}
