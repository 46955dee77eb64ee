using System.Text.Json;
using Fleet.Contracts.Jobs;
using MassTransit;

namespace Fleet.Workers.Jobs;

/// <summary>What a handler knows of the attempt it runs, and how it reports progress.</summary>
public sealed class JobExecution(RunJob command, IPublishEndpoint publisher, TimeProvider clock)
{
    public Guid JobId => command.JobId;
    public string TenantId => command.TenantId;
    public JsonElement Input => command.Input;
    public int Attempt => command.Attempt;
    public int MaxAttempts => command.MaxAttempts;

    /// <summary>Shown in GET /v1/jobs/{id} and streamed as an SSE <c>progress</c> event.</summary>
    public Task ReportProgressAsync(double percent, string? message, CancellationToken cancellationToken) =>
        publisher.Publish(new JobProgressed
        {
            JobId = command.JobId,
            Attempt = command.Attempt,
            Percent = percent,
            Message = message,
            Timestamp = clock.GetUtcNow(),
        }, cancellationToken);
}
