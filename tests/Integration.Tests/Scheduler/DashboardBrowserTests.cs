using Fleet.Integration.Tests.Infrastructure;
using OpenQA.Selenium;

namespace Fleet.Integration.Tests.Scheduler;

public sealed class DashboardBrowserTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task An_operator_logs_in_opens_a_job_and_watches_it_go_from_running_to_succeeded()
    {
        using var browser = new HeadlessChromium();
        var driver = browser.Driver;
        var dashboard = Fleet.Scheduler.BaseAddress;

        // Anonymous: Hangfire's dashboard is not shown, the login page is.
        await driver.Navigate().GoToUrlAsync(new Uri(dashboard, "/hangfire"));
        Assert.Equal(new Uri(dashboard, "/login?returnUrl=%2Fhangfire").ToString(), driver.Url);
        Assert.DoesNotContain("Recurring Jobs", driver.PageSource);

        driver.FindElement(By.Id("key")).SendKeys(Fleet.AdminKey);
        driver.FindElement(By.Id("login")).Click();
        await Poll.UntilAsync(() => Task.FromResult(driver.Url), url => url == new Uri(dashboard, "/hangfire").ToString(),
            "the login to land on /hangfire", TimeSpan.FromSeconds(10), Cancellation);
        // The URL changes as soon as the navigation starts; wait for the dashboard itself to render.
        await Poll.UntilAsync(() => Task.FromResult(driver.PageSource), page => page.Contains("Recurring Jobs", StringComparison.Ordinal),
            "Hangfire's dashboard (\"Recurring Jobs\") after the login", TimeSpan.FromSeconds(10), Cancellation, page => page[..Math.Min(200, page.Length)]);

        var job = await Fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 3000, progressSteps = 3 }), Cancellation);
        await driver.Navigate().GoToUrlAsync(new Uri(dashboard, $"/dashboard/jobs/{job.Id}"));
        // A mark that a reload would wipe: what changes below is the page's live stream, not a fresh render.
        driver.ExecuteScript("window.fleetTestMark = 'same page';");
        var seen = new List<string>();
        await Poll.UntilAsync(
            () => Task.FromResult(browser.Text("job-state")),
            state =>
            {
                if (seen.Count == 0 || seen[^1] != state)
                {
                    seen.Add(state);
                }
                return state == "succeeded";
            },
            $"job {job.Id} to show succeeded on its page (states seen: {string.Join(" → ", seen)})",
            TimeSpan.FromSeconds(30),
            Cancellation);

        Assert.Contains("running", seen);
        Assert.True(seen.IndexOf("running") < seen.IndexOf("succeeded"), string.Join(" → ", seen));
        Assert.Equal("same page", driver.ExecuteScript("return window.fleetTestMark;"));
        Assert.Equal("100%", browser.Text("job-progress"));
        Assert.Contains("\"slept\": 3000", browser.Text("job-result"));
    }
}
