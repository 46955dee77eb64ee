using Fleet.Storage.Jobs;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Fleet.Scheduler.Dashboard;

/// <summary>
/// GET /dashboard/jobs/{id}/events: the job's events as Server-Sent Events, the same stream as the Api's
/// /v1/jobs/{id}/events (same ids, so Last-Event-ID resumes), for the admin's browser that holds a cookie, not a key.
/// </summary>
public static class JobEventStream
{
    internal static async Task<IResult> StreamAsync(
        Guid id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, HttpContext http, DashboardQueries queries,
        NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await queries.JobAsync(id, cancellationToken) is null)
        {
            return Results.NotFound();
        }
        await JobEventsSse.WriteAsync(http.Response, dataSource, id, lastEventId, clock, cancellationToken);
        return Results.Empty;
    }
}
