using System.Text.Json;
using Fleet.Contracts.Jobs;
using MassTransit;

namespace Fleet.Workers.Jobs;

/// <summary>What a handler knows of the attempt it runs, and how it reports progress.</summary>
public sealed class JobExecution(RunJob command, IPublishEndpoint publisher, StartReport start, TimeProvider clock)
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
}
