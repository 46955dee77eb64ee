using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Embeddings;
using Fleet.Workers.Jobs;

namespace Fleet.Workers.Llm.Embeddings;

/// <summary><c>llm.embed</c>: <c>{"texts": [...]}</c> → <c>{"vectors": [[...]], "dimensions": 384}</c>, unit-length MiniLM vectors in input order.</summary>
public sealed class EmbedTextsJobHandler(ITextEmbedder embedder) : IJobHandler
{
    public string JobType => JobTypes.LlmEmbed;

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        // The Api validated the input at submit time; a message that still lacks it came from elsewhere.
        if (job.Input.ValueKind != JsonValueKind.Object || !job.Input.TryGetProperty("texts", out var texts) || texts.ValueKind != JsonValueKind.Array
            || texts.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            throw new JobInputException("llm.embed needs input.texts, an array of strings.");
        }
        var vectors = await embedder.EmbedAsync(texts.EnumerateArray().Select(t => t.GetString()!).ToList(), cancellationToken);
        return JsonSerializer.SerializeToElement(new { vectors, dimensions = embedder.Dimensions });
    }
}
