using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class JobAccessTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Anonymous_or_unknown_key_returns_401_and_submits_nothing()
    {
        var jobsBefore = await Fleet.Database.JobCountAsync(Cancellation);
        using var anonymous = Fleet.CreateClient(apiKey: null);
        using var stranger = Fleet.CreateClient("not-a-key-" + Guid.NewGuid());

        using var anonymousSubmit = await anonymous.PostAsync("/v1/jobs", JsonBody(JobRequest.Noop(new { }).ToJson()), Cancellation);
        using var strangerSubmit = await stranger.PostAsync("/v1/jobs", JsonBody(JobRequest.Noop(new { }).ToJson()), Cancellation);
        using var anonymousList = await anonymous.GetAsync("/v1/jobs", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousSubmit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, strangerSubmit.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal("application/problem+json", anonymousSubmit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jobsBefore, await Fleet.Database.JobCountAsync(Cancellation));
    }

    [Fact]
    public async Task Another_tenants_job_is_404_to_read_cancel_or_stream()
    {
        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 1 }), Cancellation);
        using var other = await Fleet.CreateTenantClientAsync("other", Cancellation);

        using var read = await other.GetAsync($"/v1/jobs/{job.Id}", Cancellation);
        using var cancel = await other.PostAsync($"/v1/jobs/{job.Id}/cancel", null, Cancellation);
        using var events = await other.GetAsync($"/v1/jobs/{job.Id}/events", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        var otherList = await other.GetStringAsync("/v1/jobs", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
        Assert.Equal("""{"items":[],"nextCursor":null}""", otherList);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");
}
