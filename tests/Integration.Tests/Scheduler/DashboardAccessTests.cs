using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Integration.Tests.Scheduler;

public sealed class DashboardAccessTests(FleetServers fleet) : FleetTest(fleet)
{
    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    [InlineData("/dashboard")]
    public async Task An_anonymous_browser_is_sent_to_the_login_page(string path)
    {
        using var client = Browserless();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_anonymous_api_call_gets_401_from_hangfire_and_its_stats()
    {
        using var client = Browserless();
        using var page = await client.GetAsync("/hangfire", Cancellation);
        using var stats = await client.PostAsync("/hangfire/stats", new StringContent(""), Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_admin_scope_is_forbidden()
    {
        using var client = Browserless(await KeyWithoutAdminAsync());
        using var hangfire = await client.GetAsync("/hangfire", Cancellation);
        using var dashboard = await client.GetAsync("/dashboard", Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, hangfire.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
    }

    [Fact]
    public async Task An_admin_key_opens_hangfire_and_the_fleet_pages()
    {
        using var client = Browserless(Fleet.AdminKey);
        var job = await Fleet.Jobs.SubmitAsync(Infrastructure.JobRequest.Noop(new { sleepMs = 10 }), Cancellation);
        await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", TimeSpan.FromSeconds(30), Cancellation);

        using var hangfire = await client.GetAsync("/hangfire", Cancellation);
        Assert.Equal(HttpStatusCode.OK, hangfire.StatusCode);
        var hangfirePage = await hangfire.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("Fleet Hangfire", hangfirePage);
        Assert.Contains("Recurring Jobs", hangfirePage);

        var overview = await client.GetStringAsync("/dashboard", Cancellation);
        Assert.Contains($"href=\"/dashboard/jobs/{job.Id}\"", overview);
        Assert.Contains("<table id=\"queues\">", overview);
        Assert.Contains("<td>fleet-jobs-noop</td>", overview);
        Assert.Contains("<table id=\"workers\">", overview);

        var page = await client.GetStringAsync($"/dashboard/jobs/{job.Id}", Cancellation);
        Assert.Contains("<td id=\"job-state\" class=\"state-succeeded\">succeeded</td>", page);
        var events = await client.GetStringAsync($"/dashboard/jobs/{job.Id}/events", Cancellation);
        var end = events.Split("\n\n").Single(e => e.Contains("\nevent: end\n", StringComparison.Ordinal));
        Assert.Contains("\"state\": \"succeeded\"", end);
        Assert.Contains("\"result\": {\"slept\": 10}", end);
    }

    [Fact]
    public async Task Logging_in_with_an_admin_key_sets_a_strict_http_only_cookie_that_opens_hangfire()
    {
        using var client = Browserless();
        using var wrong = await client.PostAsync("/login", Form("not-a-key", "/hangfire"), Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("id=\"login-error\"", await wrong.Content.ReadAsStringAsync(Cancellation));
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var login = await client.PostAsync("/login", Form(Fleet.AdminKey, "/hangfire"), Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/hangfire", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"fleet_dashboard_key={Fleet.AdminKey};", cookie);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var hangfire = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, hangfire.StatusCode);
    }

    [Fact]
    public async Task A_login_posted_from_another_site_is_refused()
    {
        using var client = Browserless();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = Form(Fleet.AdminKey, "/hangfire") };
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    private HttpClient Browserless(string? key = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Fleet.Scheduler.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    private static FormUrlEncodedContent Form(string key, string returnUrl) => new([new("key", key), new("returnUrl", returnUrl)]);

    private async Task<string> KeyWithoutAdminAsync()
    {
        var key = "dashboard-it-" + Guid.NewGuid().ToString("N");
        await Fleet.Database.ExecuteAsync(
            "INSERT INTO api_keys (id, key_hash, tenant_id, scopes, name) VALUES ($1, $2, 'default', $3, 'dashboard test')",
            [Guid.NewGuid(), Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))), new[] { "jobs:submit", "jobs:read", "jobs:cancel" }],
            Cancellation);
        return key;
    }
}
