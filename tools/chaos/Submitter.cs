using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Fleet.Chaos;

/// <summary>One planned job: its Idempotency-Key and its exact body (a retried submit sends the same bytes).</summary>
public sealed record PlannedJob(int Index, string Key, int SleepMs, string Body);

/// <summary>
/// Submits the planned jobs with bounded concurrency. A submit that fails (connection refused, 5xx, 429, timeout) is
/// retried with exponential back-off and the same Idempotency-Key, so the API returns the one job it already made.
/// </summary>
public sealed class Submitter(HttpClient http, int concurrency, double rate)
{
    private int submitted;
    private int retries;
    private int rejected;

    public ConcurrentDictionary<Guid, PlannedJob> Acknowledged { get; } = new();

    public int Submitted => Volatile.Read(ref submitted);

    /// <summary>Submits sent again after a failure (same Idempotency-Key).</summary>
    public int Retries => Volatile.Read(ref retries);

    /// <summary>Submits the API refused for good (4xx other than 429): a harness or API bug.</summary>
    public int Rejected => Volatile.Read(ref rejected);

    public static IReadOnlyList<PlannedJob> Plan(ChaosOptions options, string runTag)
    {
        var random = new Random(options.Seed);
        return Enumerable.Range(0, options.Jobs).Select(i =>
        {
            var sleep = random.Next(100) < options.LongPercent ? random.Next(1000, 3001) : random.Next(options.MaxSleepMs + 1);
            var body = JsonSerializer.Serialize(new { type = "noop", input = new { sleepMs = sleep } });
            return new PlannedJob(i, $"chaos-{runTag}-{i}", sleep, body);
        }).ToList();
    }

    public Task SubmitAllAsync(IReadOnlyList<PlannedJob> jobs, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        return Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (job, ct) =>
            {
                if (rate > 0 && TimeSpan.FromSeconds(job.Index / rate) - clock.Elapsed is { } wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
                if (await SubmitOneAsync(job, ct) is { } id && Acknowledged.TryAdd(id, job))
                {
                    Interlocked.Increment(ref submitted);
                }
            });
    }

    private async Task<Guid?> SubmitOneAsync(PlannedJob job, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs")
            {
                Content = new StringContent(job.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", job.Key);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    return doc.RootElement.GetProperty("id").GetGuid();
                }
                var status = (int)response.StatusCode;
                if (status != 429 && status < 500)
                {
                    Interlocked.Increment(ref rejected);
                    await Console.Error.WriteLineAsync($"chaos: job {job.Index} rejected with {status}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return null;
                }
                if (response.Headers.RetryAfter?.Delta is { } retryAfter && retryAfter > delay)
                {
                    delay = retryAfter;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Refused, reset or timed out: the API or a dependency is down; the same key makes the retry safe.
            }
            Interlocked.Increment(ref retries);
            await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(50)), cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
        }
    }

    public static HttpClient CreateClient(FleetPaths paths)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri(paths.ApiUrl.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", paths.ApiKey);
        return http;
    }
}
