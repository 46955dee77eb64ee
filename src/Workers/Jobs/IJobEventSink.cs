namespace Fleet.Workers.Jobs;

/// <summary>
/// Where a running attempt appends the events it streams (SSE <c>token</c>, <c>metric</c>): the job_events table that
/// GET /v1/jobs/{id}/events reads, so any Api replica relays them and Last-Event-ID resumes across reconnects.
/// </summary>
public interface IJobEventSink
{
    /// <summary>Appends <paramref name="dataJson"/> (one JSON object each) in order, as events of <paramref name="kind"/>.</summary>
    Task AppendAsync(Guid jobId, string kind, IReadOnlyList<string> dataJson, CancellationToken cancellationToken);
}
