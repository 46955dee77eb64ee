using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class JobEventsTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Event_stream_follows_the_job_to_its_end_event()
    {
        // Steps of 200 ms: the first progress comes as the worker's own started-report delay (200 ms) runs out.
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 600, progressSteps = 3 }), Cancellation);

        var events = await ServerSentEvent.ReadStreamAsync(Fleet.Client, job.Id, lastEventId: null, StreamTimeout, Cancellation);

        Assert.Equal(
            ["state:running", "progress", "progress", "progress", "state:succeeded", "end"],
            events.Select(e => e.Event == "state" ? "state:" + e.Json.GetProperty("state").GetString() : e.Event));
        Assert.Equal([33.3, 66.7, 100.0], events.Where(e => e.Event == "progress").Select(e => Math.Round(e.Json.GetProperty("percent").GetDouble(), 1)));
        var end = events[^1].Json;
        Assert.Equal("succeeded", end.GetProperty("state").GetString());
        JsonAssert.Equal("""{"slept":600}""", end.GetProperty("result"));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Reconnect_with_Last_Event_ID_resumes_after_it_without_gap_or_duplicate()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 300, progressSteps = 3 }), Cancellation);
        var all = await ServerSentEvent.ReadStreamAsync(Fleet.Client, job.Id, lastEventId: null, StreamTimeout, Cancellation);
        Assert.True(all.Count > 3, $"expected several events, got: {string.Join(", ", all)}");

        var resumed = await ServerSentEvent.ReadStreamAsync(Fleet.Client, job.Id, lastEventId: all[1].Id, StreamTimeout, Cancellation);

        Assert.Equal(all.Skip(2), resumed);
    }
}
