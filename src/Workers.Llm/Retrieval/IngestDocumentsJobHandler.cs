using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Retrieval.Ingestion;
using Fleet.Workers.Jobs;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Retrieval;

/// <summary>
/// <c>ingest.run</c>: brings the vector store in line with <c>Ingestion:Sources</c>, or with <c>input.source</c> when
/// it names one of them or a folder inside one. Progress is one step per document read or deleted; a cancelled run
/// resumes on the next, because documents it finished are unchanged by fingerprint.
/// </summary>
public sealed class IngestDocumentsJobHandler(DocumentIngestor ingestor, IOptions<IngestionOptions> options, TimeProvider clock) : IJobHandler
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public string JobType => JobTypes.IngestRun;

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var requested = job.Input.ValueKind == JsonValueKind.Object && job.Input.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String
            ? source.GetString()
            : null;
        if (options.Value.Sources.Count == 0)
        {
            throw new JobInputException("This worker has no Ingestion:Sources configured, so there is nothing it may ingest.");
        }
        var folders = SourceFolder.Resolve(options.Value.Sources, requested)
            ?? throw new JobInputException($"input.source must be one of the configured Ingestion:Sources or a folder inside one; {requested} is neither.");
        foreach (var missing in folders.Where(f => !Directory.Exists(f.Folder)))
        {
            throw new JobInputException($"The source folder {missing.Folder} does not exist.");
        }

        var lastReport = DateTimeOffset.MinValue;
        var result = await ingestor.IngestAsync(folders, async progress =>
        {
            // One progress message per document would flood the bus for a large corpus: at most two a second.
            var now = clock.GetUtcNow();
            if (progress.Done == progress.Total || now - lastReport >= ProgressInterval)
            {
                lastReport = now;
                await job.ReportProgressAsync(progress.Percent, $"{progress.Done} of {progress.Total} documents" + (progress.Current is null ? "" : $" ({progress.Current})"), cancellationToken);
            }
        }, cancellationToken);
        return JsonSerializer.SerializeToElement(result, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
