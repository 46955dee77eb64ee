using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

public sealed class SubmitValidationTests(FleetServers fleet) : FleetTest(fleet)
{
    [Theory]
    [InlineData("unknown type", """{"type":"noop.nope","input":{}}""", "type")]
    [InlineData("missing required input field", """{"type":"llm.generate","input":{"maxTokens":5}}""", "input.prompt")]
    [InlineData("wrong JSON type in input", """{"type":"noop","input":{"sleepMs":"x"}}""", "input.sleepMs")]
    [InlineData("unknown input field", """{"type":"noop","input":{"sleepMs":1,"colour":"red"}}""", "input.colour")]
    [InlineData("malformed JSON", """{"type":"noop","input":{""", "body")]
    [InlineData("runAt not a date", """{"type":"noop","input":{},"runAt":"tomorrow"}""", "runAt")]
    [InlineData("maxAttempts out of range", """{"type":"noop","input":{},"maxAttempts":0}""", "maxAttempts")]
    public async Task Submit_with_invalid_request_returns_400_naming_the_field_and_stores_nothing(string mistake, string body, string field)
    {
        var jobsBefore = await Fleet.Database.JobCountAsync(Cancellation);
        var outboxBefore = await Fleet.Database.OutboxRowsWrittenAsync(Cancellation);

        using var response = await Fleet.Jobs.PostAsync(body, idempotencyKey: null, Cancellation);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{mistake}: HTTP {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(jobsBefore, await Fleet.Database.JobCountAsync(Cancellation));
        Assert.Equal(outboxBefore, await Fleet.Database.OutboxRowsWrittenAsync(Cancellation));
    }
}
