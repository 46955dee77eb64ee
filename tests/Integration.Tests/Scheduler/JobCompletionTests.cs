using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Scheduler;

public sealed class JobCompletionTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Duplicate_JobStarted_and_JobSucceeded_for_a_finished_job_change_nothing()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 10 }), Cancellation);
        var first = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);
        var workerId = await WorkerIdAsync(job.Id);
        await using var bus = await TestBus.StartAsync(Fleet.VirtualHost, Cancellation);

        // What an outbox re-publish or a redelivered attempt looks like to the state machine: the same attempt again,
        // later, on another worker, with another result.
        var later = DateTimeOffset.UtcNow.AddMinutes(1);
        await bus.SendAsync(JobQueues.JobState, new JobStarted { JobId = job.Id, Attempt = 1, WorkerId = "impostor", Timestamp = later }, Cancellation);
        await bus.SendAsync(JobQueues.JobState, new JobSucceeded
        {
            JobId = job.Id, Attempt = 1, Result = JsonSerializer.SerializeToElement(new { slept = -1 }), Timestamp = later,
        }, Cancellation);
        // Confirmed means queued; an empty queue now means the Scheduler has consumed and acknowledged both.
        await Fleet.WaitUntilQueueEmptyAsync(JobQueues.JobState, TimeSpan.FromSeconds(15), Cancellation);

        var after = await Fleet.Jobs.GetAsync(job.Id, Cancellation);
        Assert.Equal("succeeded", after.State);
        JsonAssert.Equal("""{"slept":10}""", after.Result);
        Assert.Equal(first.FinishedAt, after.FinishedAt);
        Assert.Equal(first.StartedAt, after.StartedAt);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(workerId, await WorkerIdAsync(job.Id));
        Assert.Equal(1, await Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND kind = 'end'", [job.Id], Cancellation));
        Assert.Equal(1, await Fleet.Database.ScalarAsync<long>(
            "SELECT count(*) FROM job_events WHERE job_id = $1 AND kind = 'state' AND data->>'state' = 'succeeded'", [job.Id], Cancellation));
        var faulted = await Fleet.Broker.PeekMessagesAsync(Fleet.VirtualHost, JobQueues.JobState + "_error", 100, Cancellation);
        Assert.DoesNotContain(faulted, body => body.Contains(job.Id.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    private Task<string> WorkerIdAsync(Guid jobId) =>
        Fleet.Database.ScalarAsync<string>("SELECT worker_id FROM jobs WHERE id = $1", [jobId], Cancellation);
}
