using System.Globalization;
using System.Security.Claims;
using Fleet.Security;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Fleet.Api.Jobs;

/// <summary>
/// GET /v1/jobs/{id}/events: Server-Sent Events from the job_events table. Each event's <c>id:</c> is its row id, so a
/// client that reconnects with Last-Event-ID continues after it with no gap and no duplicate; the stream ends after
/// the <c>end</c> event.
/// </summary>
public static class JobEventsEndpoint
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    internal static async Task<IResult> StreamAsync(
        Guid id,
        ClaimsPrincipal user,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        HttpContext http,
        JobStore store,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(user.TenantId(), id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var after = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        var lastWrite = DateTimeOffset.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ended = false;
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
            if (wrote)
            {
                await response.Body.FlushAsync(cancellationToken);
                lastWrite = DateTimeOffset.UtcNow;
            }
            if (ended)
            {
                break;
            }
            if (DateTimeOffset.UtcNow - lastWrite > KeepAliveInterval)
            {
                await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                lastWrite = DateTimeOffset.UtcNow;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        return TypedResults.Empty;
    }
}
