using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Contracts.Jobs;
using Fleet.Retrieval.Answers;
using Fleet.Retrieval.Search;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Generation;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Retrieval;

/// <summary>
/// <c>rag.answer</c>: retrieves the top-k chunks for <c>input.question</c>, builds a prompt from them and has the
/// registered <see cref="IAnswerGenerator"/> answer it, streaming its text as SSE <c>token</c> events. Result:
/// <c>{"answer","citations":[{"documentId","chunk","score"}],"generator"}</c>, plus <c>finishReason</c> and
/// <c>usage</c> from a model; citations are the sources the generator read, in the order of the prompt's [n] markers.
/// </summary>
public sealed class AnswerQuestionJobHandler(ChunkSearcher searcher, IAnswerGenerator generator, IOptions<AnswerOptions> options) : IJobHandler
{
    public string JobType => JobTypes.RagAnswer;

    public int? MaxConcurrency => generator.MaxConcurrency;

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        if (job.Input.ValueKind != JsonValueKind.Object || !job.Input.TryGetProperty("question", out var question) || question.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(question.GetString()))
        {
            throw new JobInputException("rag.answer needs input.question, a non-empty string.");
        }
        var topK = job.Input.TryGetProperty("topK", out var k) && k.TryGetInt32(out var value) ? value : options.Value.DefaultTopK;
        var hits = await searcher.SearchAsync(question.GetString()!, topK, cancellationToken);
        var prompt = RagPrompt.Build(question.GetString()!, hits, options.Value.MaxContextChars);
        if (prompt.Sources.Count == 0)
        {
            return JsonSerializer.SerializeToElement(new
            {
                answer = "No documents have been ingested, so there is nothing to answer from.",
                citations = Array.Empty<object>(),
                generator = generator.Name,
            }, JsonOptions);
        }
        var seq = 0;
        var answer = await generator.GenerateAsync(prompt,
            (pieces, ct) => job.StreamAsync("token", pieces.Select(p => new TokenEvent(seq++, p, job.Attempt)).ToList(), ct),
            cancellationToken);
        return JsonSerializer.SerializeToElement(new
        {
            answer = answer.Text,
            citations = answer.Prompt.Sources.Select(s => new { s.DocumentId, s.Chunk, s.Score }).ToList(),
            generator = generator.Name,
            finishReason = answer.FinishReason,
            usage = answer.Usage,
        }, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
