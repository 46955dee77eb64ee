using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Retrieval.Answers;
using Fleet.Retrieval.Search;
using Fleet.Workers.Jobs;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Retrieval;

/// <summary>
/// <c>rag.answer</c>: retrieves the top-k chunks for <c>input.question</c>, builds a prompt from them and has the
/// registered <see cref="IAnswerGenerator"/> answer it. Result: <c>{"answer","citations":[{"documentId","chunk","score"}],"generator"}</c>,
/// citations in the order of the prompt's [n] markers.
/// </summary>
public sealed class AnswerQuestionJobHandler(ChunkSearcher searcher, IAnswerGenerator generator, IOptions<AnswerOptions> options) : IJobHandler
{
    public string JobType => JobTypes.RagAnswer;

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
        var answer = prompt.Sources.Count == 0
            ? "No documents have been ingested, so there is nothing to answer from."
            : await generator.GenerateAsync(prompt, cancellationToken);
        var citations = prompt.Sources.Select(s => new { s.DocumentId, s.Chunk, s.Score }).ToList();
        return JsonSerializer.SerializeToElement(new { answer, citations, generator = generator.Name }, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
