using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Fleet.Scheduler.Dashboard;

/// <summary>
/// GET /dashboard/jobs/{id}/events: the job's events as Server-Sent Events, read from job_events like the Api's
/// /v1/jobs/{id}/events (same ids, so Last-Event-ID resumes), for the admin's browser that holds a cookie, not a key.
/// </summary>
public static class JobEventStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    internal static async Task<IResult> StreamAsync(
        Guid id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, HttpContext http, DashboardQueries queries,
        NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await queries.JobAsync(id, cancellationToken) is null)
        {
            return Results.NotFound();
        }
        var after = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        var lastWrite = clock.GetUtcNow();
        var ended = false;
        while (!ended && !cancellationToken.IsCancellationRequested)
        {
            var wrote = false;
            await using (var command = dataSource.CreateCommand(
                "SELECT id, kind, data::text FROM job_events WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT 500"))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = id });
                command.Parameters.Add(new NpgsqlParameter { Value = after });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    after = reader.GetInt64(0);
                    var kind = reader.GetString(1);
                    await response.WriteAsync($"id: {after}\nevent: {kind}\ndata: {reader.GetString(2)}\n\n", cancellationToken);
                    wrote = true;
                    ended |= kind == "end";
                }
            }
            if (wrote || clock.GetUtcNow() - lastWrite > KeepAliveInterval)
            {
                if (!wrote)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                }
                await response.Body.FlushAsync(cancellationToken);
                lastWrite = clock.GetUtcNow();
            }
            if (!ended)
            {
                await Task.Delay(PollInterval, clock, cancellationToken);
            }
        }
        return Results.Empty;
    }
}
