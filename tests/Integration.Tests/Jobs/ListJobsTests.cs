using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class ListJobsTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Listing_pages_newest_first_through_the_cursor_with_no_gap_or_repeat_and_filters_by_state()
    {
        using var tenant = await Fleet.CreateTenantClientAsync("list-" + Guid.NewGuid().ToString("N")[..8], Cancellation);
        var submitted = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await tenant.PostAsJsonAsync("/v1/jobs", new { type = "noop", input = new { sleepMs = 0 } }, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            submitted.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid());
        }
        var scheduled = await tenant.PostAsJsonAsync("/v1/jobs", new { type = "noop", input = new { }, runAt = DateTimeOffset.UtcNow.AddHours(1) }, Cancellation);
        var scheduledId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await tenant.GetFromJsonAsync<JsonElement>($"/v1/jobs?limit=2{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", Cancellation);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(submitted.Append(scheduledId).Reverse(), seen);
        var onlyScheduled = await tenant.GetFromJsonAsync<JsonElement>("/v1/jobs?state=scheduled", Cancellation);
        Assert.Equal([scheduledId], onlyScheduled.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("state=done", "state")]
    [InlineData("type=nope", "type")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task A_bad_query_is_400_naming_the_parameter(string query, string field)
    {
        using var response = await Fleet.Jobs.Client.GetAsync($"/v1/jobs?{query}", Cancellation);

        var problem = await ProblemAssert.ReadAsync(response, HttpStatusCode.BadRequest, Cancellation);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}
