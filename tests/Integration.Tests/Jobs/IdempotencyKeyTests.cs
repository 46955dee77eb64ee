using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class IdempotencyKeyTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Submit_with_same_key_and_same_body_returns_the_same_job_and_creates_no_other()
    {
        var key = "same-" + Guid.NewGuid();
        var first = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 5, failTimes = 0 }) with { IdempotencyKey = key }, Cancellation);
        var outboxBefore = await Fleet.Database.OutboxRowsWrittenAsync(Cancellation);

        // The same request, its fields in another order: the key's fingerprint does not depend on formatting.
        using var replay = await Fleet.Jobs.PostAsync("""{"input":{"failTimes":0,"sleepMs":5},"type":"noop"}""", key, Cancellation);

        Assert.Contains(replay.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted });
        var replayed = new JobSnapshot(await replay.Content.ReadFromJsonAsync<JsonElement>(Cancellation));
        Assert.Equal(first.Id, replayed.Id);
        Assert.Equal($"/v1/jobs/{first.Id}", replay.Headers.Location?.OriginalString);
        Assert.Equal(1, await JobsWithKeyAsync(key));
        Assert.Equal(outboxBefore, await Fleet.Database.OutboxRowsWrittenAsync(Cancellation));
    }

    [Fact]
    public async Task Submit_with_same_key_and_other_body_returns_409_and_creates_no_job()
    {
        var key = "other-" + Guid.NewGuid();
        var first = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 5 }) with { IdempotencyKey = key }, Cancellation);
        var outboxBefore = await Fleet.Database.OutboxRowsWrittenAsync(Cancellation);

        using var reused = await Fleet.Jobs.PostAsync(JobRequest.Noop(new { sleepMs = 6 }).ToJson(), key, Cancellation);

        var problem = await ProblemAssert.ReadAsync(reused, HttpStatusCode.Conflict, Cancellation);
        Assert.Equal("https://fleet.dev/problems/idempotency-key-reused", problem.GetProperty("type").GetString());
        Assert.Equal(1, await JobsWithKeyAsync(key));
        Assert.Equal(outboxBefore, await Fleet.Database.OutboxRowsWrittenAsync(Cancellation));
        JsonAssert.Equal("""{"sleepMs":5}""", (await Fleet.Jobs.GetAsync(first.Id, Cancellation)).Json.GetProperty("input"));
    }

    private Task<long> JobsWithKeyAsync(string key) =>
        Fleet.Database.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE idempotency_key = $1", [key], Cancellation);
}
