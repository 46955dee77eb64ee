using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class SubmitJobTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Submitted_noop_job_succeeds_through_the_worker_and_scheduler_processes()
    {
        var submitted = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 300, progressSteps = 3 }), Cancellation);
        Assert.Equal("queued", submitted.State);
        Assert.Equal(0, submitted.Attempts);

        var job = await Fleet.Jobs.WaitForStateAsync(submitted.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        Assert.Equal(
            ["attempts", "createdAt", "error", "finishedAt", "id", "input", "progress", "result", "startedAt", "state", "type"],
            job.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("noop", job.Type);
        Assert.Equal(1, job.Attempts);
        JsonAssert.Equal("""{"slept":300}""", job.Result);
        Assert.Equal(JsonValueKind.Null, job.Json.GetProperty("error").ValueKind);
        Assert.Equal(100, job.ProgressPercent);
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.FinishedAt);
        Assert.InRange(job.StartedAt.Value, job.CreatedAt, job.FinishedAt.Value);
    }
}
