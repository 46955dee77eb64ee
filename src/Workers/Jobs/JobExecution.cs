using System.Text.Json;
using Fleet.Contracts.Jobs;
using MassTransit;

namespace Fleet.Workers.Jobs;

/// <summary>What a handler knows of the attempt it runs, and how it reports progress.</summary>
public sealed class JobExecution(RunJob command, IPublishEndpoint publisher, StartReport start, IJobEventSink events, TimeProvider clock)
{
    public Guid JobId => command.JobId;
    public string TenantId => command.TenantId;
    public JsonElement Input => command.Input;
    public int Attempt => command.Attempt;
    public int MaxAttempts => command.MaxAttempts;

    /// <summary>Shown in GET /v1/jobs/{id} and streamed as an SSE <c>progress</c> event.</summary>
    public async Task ReportProgressAsync(double percent, string? message, CancellationToken cancellationToken)
    {
        // Progress of a job still shown as queued would confuse a watcher: report the start first.
        await start.EnsureSentAsync(cancellationToken);
        await publisher.Publish(new JobProgressed
        {
            JobId = command.JobId,
            Attempt = command.Attempt,
            Percent = percent,
            Message = message,
            Timestamp = clock.GetUtcNow(),
            StartedAt = start.StartedAt,
            WorkerId = start.WorkerId,
        }, cancellationToken);
    }

    /// <summary>
    /// Streams events of <paramref name="kind"/> (SSE <c>token</c> for generated text, <c>metric</c> for training
    /// curves), each serialized as a camelCase JSON object, in order. They reach clients before the job's <c>end</c>
    /// event as long as the handler awaits this before it returns.
    /// </summary>
    public async Task StreamAsync<T>(string kind, IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        await start.EnsureSentAsync(cancellationToken);
        var json = new string[items.Count];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = JsonSerializer.Serialize(items[i], JsonOptions);
        }
        await events.AppendAsync(command.JobId, kind, json, cancellationToken);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
