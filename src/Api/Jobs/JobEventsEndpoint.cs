using System.Security.Claims;
using Fleet.Security;
using Fleet.Storage.Jobs;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Fleet.Api.Jobs;

/// <summary>
/// GET /v1/jobs/{id}/events: Server-Sent Events from the job_events table (<see cref="JobEventsSse"/>): Last-Event-ID
/// resumes with no gap and no duplicate, and the stream ends after the <c>end</c> event. Another tenant's job is a 404.
/// </summary>
public static class JobEventsEndpoint
{
    internal static async Task<IResult> StreamAsync(
        Guid id,
        ClaimsPrincipal user,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        HttpContext http,
        JobStore store,
        NpgsqlDataSource dataSource,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(user.TenantId(), id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        await JobEventsSse.WriteAsync(http.Response, dataSource, id, lastEventId, clock, cancellationToken);
        return TypedResults.Empty;
    }
}
