using System.Diagnostics;

namespace Fleet.Bench.Api;

/// <summary>
/// Submits many `noop` jobs as fast as the API accepts them with a fixed number in flight (closed loop). A 429 is
/// honoured (its Retry-After, else 1 s) and counted; any other refusal stops the run with the API's answer.
/// </summary>
public static class BulkSubmitter
{
    public static async Task<BulkSubmitResult> SubmitAsync(FleetClient client, int jobs, int concurrency, Stopwatch clock, CancellationToken ct)
    {
        var ids = new Guid[jobs];
        var next = -1;
        var throttled = 0;
        var lastAccepted = 0L;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs)
            {
                while (true)
                {
                    var outcome = await client.SubmitNoopAsync(ct);
                    if (outcome.Id is { } id)
                    {
                        ids[i] = id;
                        InterlockedMax(ref lastAccepted, clock.Elapsed.Ticks);
                        break;
                    }

                    if (outcome.Status != 429)
                    {
                        throw new InvalidOperationException($"POST /v1/jobs answered {outcome.Status}: {outcome.Error}");
                    }

                    Interlocked.Increment(ref throttled);
                    await Task.Delay(outcome.RetryAfter ?? TimeSpan.FromSeconds(1), ct);
                }
            }
        }));
        return new BulkSubmitResult(ids, TimeSpan.FromTicks(lastAccepted), throttled);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>The accepted jobs' ids, when the last was accepted, and how many 429s were answered on the way.</summary>
public sealed record BulkSubmitResult(Guid[] Ids, TimeSpan LastAccepted, int Throttled);
