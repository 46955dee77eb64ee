using System.Globalization;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fleet.Storage.Jobs;

/// <summary>
/// Writes one job's job_events rows as Server-Sent Events: the Api's /v1/jobs/{id}/events and the operator dashboard's
/// stream. Each event's <c>id:</c> is its row id, so a client that reconnects with Last-Event-ID continues after it
/// with no gap and no duplicate; the stream ends after the <c>end</c> event. Callers check access first.
/// </summary>
public static class JobEventsSse
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public static async Task WriteAsync(
        HttpResponse response, NpgsqlDataSource dataSource, Guid jobId, string? lastEventId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var after = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
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
                command.Parameters.Add(new NpgsqlParameter { Value = jobId });
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
    }
}
