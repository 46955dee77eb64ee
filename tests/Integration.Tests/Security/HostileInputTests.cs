using System.Collections.Concurrent;
using System.Net;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Security;

public sealed class HostileInputTests(FleetServers fleet) : FleetTest(fleet)
{
    /// <summary>What the Api sends as the body of a 4xx it writes itself; checked on every error answer.</summary>
    private const string ProblemJson = "application/problem+json";

    [Fact]
    public async Task A_thousand_hostile_requests_get_no_5xx_only_problem_json_errors_and_create_no_job()
    {
        var tenant = ApiKeysClient.NewTenant("hostile");
        var (_, key) = await ApiKeysClient.CreateAsync(Fleet.Client, tenant, ["jobs:submit", "jobs:read", "jobs:cancel", "admin"], Cancellation);
        await using var api = new ConfiguredApi(Fleet, new Dictionary<string, string?>(), kestrel: true);
        using var client = api.CreateSocketClient(key);
        var requests = HostileRequests.All().ToList();
        var answers = new ConcurrentBag<(string Name, string Method, HttpStatusCode Status, string? MediaType, string Path, long? Length)>();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Cancellation }, async (hostile, ct) =>
        {
            using var request = hostile.Create();
            var path = request.RequestUri!.OriginalString;
            using var response = await client.SendAsync(request, ct);
            answers.Add((hostile.Name, request.Method.Method, response.StatusCode, response.Content.Headers.ContentType?.MediaType, path,
                (await response.Content.ReadAsByteArrayAsync(ct)).Length));
        });
        using var live = await client.GetAsync("/health/live", Cancellation);
        // 202 is what a submit that made a job answers (some variants are valid, e.g. POST /v1/jobs/ or with a query string).
        var accepted = answers.Count(a => a.Method == "POST" && a.Status == HttpStatusCode.Accepted);
        var jobs = await Fleet.Database.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE tenant_id = $1", [tenant], Cancellation);

        Assert.Empty(answers.Where(a => (int)a.Status >= 500).Select(a => $"{a.Name}: {(int)a.Status}"));
        // Kestrel's HTTP parser refuses a request line or header with control characters before any application code
        // runs: an empty 400 and a closed connection, which no middleware can turn into problem+json.
        var refusedByParser = answers.Where(a => a.Status == HttpStatusCode.BadRequest && a.MediaType is null && a.Length == 0).ToList();
        Assert.Empty(answers.Except(refusedByParser).Where(a => (int)a.Status >= 400 && a.MediaType != ProblemJson)
            .Select(a => $"{a.Name}: {(int)a.Status} {a.MediaType}"));
        Assert.InRange(refusedByParser.Count, 0, 20);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        // Only requests the Api accepted made a job: every rejected one left nothing behind.
        Assert.Equal(accepted, jobs);
        Assert.True(requests.Count >= 1000, $"only {requests.Count} hostile requests");
        TestContext.Current.SendDiagnosticMessage(
            $"{requests.Count} hostile requests: " + string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))
            + $"; {refusedByParser.Count} refused by Kestrel's parser ({string.Join(", ", refusedByParser.Select(a => a.Name).Distinct())}); {accepted} accepted, {jobs} jobs");
    }
}
