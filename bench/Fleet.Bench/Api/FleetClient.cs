using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Fleet.Bench.Api;

/// <summary>
/// Submits `noop` jobs over Fleet's public contract: POST /v1/jobs with a bearer key, 202 with the job's id.
/// </summary>
public sealed class FleetClient : IDisposable
{
    private static readonly byte[] NoopBody = """{"type":"noop","input":{"sleepMs":0}}"""u8.ToArray();
    private readonly HttpClient _http;

    public FleetClient(BenchEnvironment env, int maxConnections)
    {
        if (env.FleetUrl is null || env.FleetApiKey is null)
        {
            throw new InvalidOperationException(
                "no Fleet to measure: set FLEET_URL and FLEET_API_KEY, or run ./fleet up (it writes .fleet/env)");
        }

        // One pooled connection per request in flight: an open-loop burst must not queue inside the client.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri(env.FleetUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", env.FleetApiKey);
    }

    /// <summary>One submit. A 429 is returned as such (with its Retry-After), not thrown: callers count throttling.</summary>
    public async Task<SubmitOutcome> SubmitNoopAsync(CancellationToken ct)
    {
        using var content = new ByteArrayContent(NoopBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.PostAsync("v1/jobs", content, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Created)
        {
            using var json = JsonDocument.Parse(body);
            return new SubmitOutcome((int)response.StatusCode, json.RootElement.GetProperty("id").GetGuid(), elapsed, null, null);
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        var text = System.Text.Encoding.UTF8.GetString(body);
        return new SubmitOutcome((int)response.StatusCode, null, elapsed, retryAfter, text.Length > 300 ? text[..300] : text);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What one POST /v1/jobs answered.</summary>
public sealed record SubmitOutcome(int Status, Guid? Id, TimeSpan Elapsed, TimeSpan? RetryAfter, string? Error);
