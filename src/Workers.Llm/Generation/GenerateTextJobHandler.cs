using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Generation;

/// <summary>
/// <c>llm.generate</c>: tokenizes the prompt, hands the sequence to the <see cref="ContinuousBatcher"/>, streams text
/// as SSE <c>token</c> events while it is generated, and returns the text with its usage.
/// </summary>
public sealed class GenerateTextJobHandler(ContinuousBatcher batcher, IModelSession session, IOptions<LlmOptions> options) : IJobHandler
{
    public string JobType => "llm.generate";

    /// <summary>No more jobs in hand than fit in one batch: the rest wait in RabbitMQ, where another worker can take them.</summary>
    public int? MaxConcurrency => options.Value.MaxBatchSize;

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var input = GenerateTextInput.Parse(job.Input, options.Value.DefaultMaxTokens);
        var prompt = session.Tokenizer.EncodeToIds(input.Prompt);
        var context = session.Config.Context;
        if (prompt.Count >= context)
        {
            throw new JobInputException($"input.prompt is {prompt.Count} tokens; the model's context is {context} tokens.");
        }
        var generation = batcher.Submit(new GenerationRequest
        {
            PromptTokens = prompt,
            MaxTokens = Math.Min(input.MaxTokens, context - prompt.Count),
            Sampling = input.Sampling,
            Seed = input.Seed,
            Stop = input.Stop,
        }, cancellationToken);

        var seq = 0;
        await TokenRelay.RelayAsync(generation.Text, options.Value.MaxTokensPerEvent,
            (pieces, ct) => job.StreamAsync("token", pieces.Select(p => new TokenEvent(seq++, p, job.Attempt)).ToList(), ct),
            cancellationToken);

        var result = await generation.Completion.WaitAsync(cancellationToken);
        return JsonSerializer.SerializeToElement(new
        {
            text = result.Text,
            finishReason = result.FinishReason,
            usage = new { promptTokens = result.PromptTokens, completionTokens = result.CompletionTokens.Count },
            timeToFirstTokenMs = Math.Round(result.TimeToFirstToken.TotalMilliseconds, 1),
        });
    }
}
