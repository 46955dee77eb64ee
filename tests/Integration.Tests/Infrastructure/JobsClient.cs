using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>
/// The public jobs API as a test drives it. Waits poll GET /v1/jobs/{id} against a deadline, and a wait that gives up
/// names the job, the last JSON it saw and where each process's log is.
/// </summary>
public sealed class JobsClient(HttpClient client, Func<string> describeProcesses)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public HttpClient Client => client;

    /// <summary>POST /v1/jobs with a raw body, for the requests a typed one cannot express.</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>Submits a job and requires 202 Accepted with its Location.</summary>
    public async Task<JobSnapshot> SubmitAsync(JobRequest job, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(job.ToJson(), job.IdempotencyKey, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /v1/jobs answered {(int)response.StatusCode}: {body}");
        var submitted = new JobSnapshot(JsonDocument.Parse(body).RootElement.Clone());
        Assert.Equal($"/v1/jobs/{submitted.Id}", response.Headers.Location?.OriginalString);
        return submitted;
    }

    public async Task<JobSnapshot> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/v1/jobs/{id}", cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /v1/jobs/{id} answered {(int)response.StatusCode}: {body}");
        return new JobSnapshot(JsonDocument.Parse(body).RootElement.Clone());
    }

    public async Task<HttpResponseMessage> PostActionAsync(Guid id, string action, CancellationToken cancellationToken) =>
        await client.PostAsync($"/v1/jobs/{id}/{action}", null, cancellationToken);

    /// <summary>
    /// Waits until the job is in <paramref name="state"/>. Gives up at once when it finishes in another state, since a
    /// finished job never moves again.
    /// </summary>
    public Task<JobSnapshot> WaitForStateAsync(Guid id, string state, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitForAsync(id, job => job.State == state, $"state '{state}'", timeout, cancellationToken,
            job => job.State != state && job.State is "succeeded" or "failed" or "cancelled");

    /// <summary>Waits until the job satisfies <paramref name="condition"/>, described by <paramref name="waitingFor"/>.</summary>
    public async Task<JobSnapshot> WaitForAsync(
        Guid id,
        Func<JobSnapshot, bool> condition,
        string waitingFor,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Func<JobSnapshot, bool>? hopeless = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var job = await GetAsync(id, cancellationToken);
            if (condition(job))
            {
                return job;
            }
            if (hopeless?.Invoke(job) == true)
            {
                Assert.Fail($"Job {id} can no longer reach {waitingFor}; it is {job.State}: {job}\n{describeProcesses()}");
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Job {id} did not reach {waitingFor} within {timeout.TotalSeconds:0.#} s; last seen: {job}\n{describeProcesses()}");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
