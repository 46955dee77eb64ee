using System.Net;
using System.Net.Http.Headers;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Observability;

/// <summary>
/// jobs_total{type,state} and job_duration_seconds{type}, as Prometheus scrapes them: the Api counts the submits, the
/// Scheduler's job state machine every later state, each transition once.
/// </summary>
public sealed class JobMetricsTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] LaterStates = ["queued", "running", "succeeded", "failed", "cancelled"];

    [Fact]
    public async Task Jobs_run_to_success_retry_failure_and_cancel_move_the_counters_by_their_transitions()
    {
        using var scheduler = new HttpClient { BaseAddress = Fleet.Scheduler.BaseAddress };
        scheduler.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Fleet.AdminKey);
        // Other tests' noop jobs must not move the counters while this one measures.
        await WaitUntilNoNoopJobIsInFlightAsync();
        var schedulerBefore = await ScrapeAsync(scheduler);
        var apiBefore = await ScrapeAsync(Fleet.Client);

        var succeeds = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 0 }), Cancellation);
        var retried = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { failTimes = 1 }) with { MaxAttempts = 2 }, Cancellation);
        var fails = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { failTimes = 5 }) with { MaxAttempts = 1 }, Cancellation);
        var cancelled = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 60_000 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(cancelled.Id, "running", Timeout, Cancellation);
        using (var cancel = await Fleet.Jobs.PostActionAsync(cancelled.Id, "cancel", Cancellation))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }
        await Fleet.Jobs.WaitForStateAsync(succeeds.Id, "succeeded", Timeout, Cancellation);
        await Fleet.Jobs.WaitForStateAsync(retried.Id, "succeeded", Timeout, Cancellation);
        Assert.Equal("exhausted_retries", (await Fleet.Jobs.WaitForStateAsync(fails.Id, "failed", Timeout, Cancellation)).ErrorCode);
        await Fleet.Jobs.WaitForStateAsync(cancelled.Id, "cancelled", Timeout, Cancellation);
        await WaitUntilNoNoopJobIsInFlightAsync();

        // What the state machine recorded for these jobs (a short job may go from queued to succeeded without running).
        var recorded = await RecordedStatesAsync([succeeds.Id, retried.Id, fails.Id, cancelled.Id]);
        Assert.Equal(2, recorded["succeeded"]);
        Assert.Equal(1, recorded["failed"]);
        Assert.Equal(1, recorded["cancelled"]);
        Assert.Equal(1, recorded["queued"]);
        // The metric is moved just after the row is saved: wait for the last moves rather than race them.
        var schedulerAfter = await Poll.UntilAsync(
            () => ScrapeAsync(scheduler),
            after => LaterStates.All(state => Delta(schedulerBefore, after, state) == recorded[state]),
            $"the Scheduler's jobs_total{{type=\"noop\"}} to move by the recorded transitions ({string.Join(", ", recorded.Select(r => $"{r.Key}={r.Value}"))})",
            Timeout,
            Cancellation,
            after => string.Join(", ", LaterStates.Select(state => $"{state}={Delta(schedulerBefore, after, state)}")));
        Assert.Equal(4, Delta(apiBefore, await ScrapeAsync(Fleet.Client), "queued"));
        // Each of the four started, so each ended with a duration.
        Assert.Equal(4, schedulerAfter.Value("job_duration_seconds_count", ("type", "noop")) - schedulerBefore.Value("job_duration_seconds_count", ("type", "noop")));
        Assert.True(schedulerAfter.Value("job_duration_seconds_sum", ("type", "noop")) > schedulerBefore.Value("job_duration_seconds_sum", ("type", "noop")));
    }

    private static double Delta(PrometheusSamples before, PrometheusSamples after, string state) =>
        after.Value("jobs_total", ("type", "noop"), ("state", state)) - before.Value("jobs_total", ("type", "noop"), ("state", state));

    private static async Task<PrometheusSamples> ScrapeAsync(HttpClient client) =>
        new(await client.GetStringAsync("/metrics", Cancellation));

    private async Task<Dictionary<string, long>> RecordedStatesAsync(Guid[] jobIds)
    {
        var recorded = LaterStates.ToDictionary(s => s, _ => 0L);
        foreach (var state in LaterStates)
        {
            recorded[state] = await Fleet.Database.ScalarAsync<long>(
                "SELECT count(*) FROM job_events WHERE job_id = ANY($1) AND kind = 'state' AND data->>'state' = $2", [jobIds, state], Cancellation);
        }
        return recorded;
    }

    private Task<long> WaitUntilNoNoopJobIsInFlightAsync() =>
        Poll.UntilAsync(
            () => Fleet.Database.ScalarAsync<long>(
                "SELECT count(*) FROM jobs WHERE type = 'noop' AND (state IN ('queued', 'running') OR (state = 'scheduled' AND run_at < now() + interval '2 minutes'))",
                [], Cancellation),
            inFlight => inFlight == 0,
            "no noop job of any test to be queued, running or due soon",
            Timeout,
            Cancellation);
}
