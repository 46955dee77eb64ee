using System.Text.Json;
using Fleet.Api.Jobs;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Tests.Jobs;

public sealed class SubmitJobRequestReaderTests
{
    private readonly SubmitJobRequestReader reader = new(new JobInputValidator(), Options.Create(new JobsOptions()));

    private (SubmitJobRequest? Request, Dictionary<string, string[]> Errors) Read(string json)
    {
        var errors = new FieldErrors();
        var request = reader.Read(JsonDocument.Parse(json).RootElement, errors);
        return (request, errors.ToDictionary());
    }

    [Fact]
    public void A_valid_noop_request_is_read_with_its_options()
    {
        var (request, errors) = Read("""{"type":"noop","input":{"sleepMs":5},"priority":3,"runAt":"2030-01-01T00:00:00+02:00","timeoutSeconds":60,"maxAttempts":4}""");

        Assert.Empty(errors);
        Assert.Equal("noop", request!.Type);
        Assert.Equal(5, request.Input.GetProperty("sleepMs").GetInt32());
        Assert.Equal(3, request.Priority);
        Assert.Equal(new DateTimeOffset(2029, 12, 31, 22, 0, 0, TimeSpan.Zero), request.RunAt);
        Assert.Equal(60, request.TimeoutSeconds);
        Assert.Equal(4, request.MaxAttempts);
    }

    [Theory]
    [InlineData("""{"input":{}}""", "type")]
    [InlineData("""{"type":"nope"}""", "type")]
    [InlineData("""{"type":7}""", "type")]
    [InlineData("""{"type":"noop","input":[1]}""", "input")]
    [InlineData("""{"type":"noop","input":{"sleepMs":"x"}}""", "input.sleepMs")]
    [InlineData("""{"type":"noop","input":{"sleepMs":1.5}}""", "input.sleepMs")]
    [InlineData("""{"type":"noop","input":{"sleepMs":-1}}""", "input.sleepMs")]
    [InlineData("""{"type":"noop","input":{"colour":"red"}}""", "input.colour")]
    [InlineData("""{"type":"llm.generate","input":{}}""", "input.prompt")]
    [InlineData("""{"type":"llm.generate","input":{"prompt":"hi","maxTokens":100000}}""", "input.maxTokens")]
    [InlineData("""{"type":"llm.generate","input":{"prompt":"hi","stop":[1]}}""", "input.stop")]
    [InlineData("""{"type":"llm.embed","input":{"texts":[]}}""", "input.texts")]
    [InlineData("""{"type":"rl.train","input":{"env":"Doom-v0","totalSteps":10}}""", "input.env")]
    [InlineData("""{"type":"rl.train","input":{"env":"CartPole-v1"}}""", "input.totalSteps")]
    [InlineData("""{"type":"noop","runAt":"tomorrow"}""", "runAt")]
    [InlineData("""{"type":"noop","priority":10}""", "priority")]
    [InlineData("""{"type":"noop","maxAttempts":0}""", "maxAttempts")]
    [InlineData("""{"type":"noop","timeoutSeconds":"60"}""", "timeoutSeconds")]
    [InlineData("""{"type":"noop","extra":true}""", "extra")]
    [InlineData("""[1,2]""", "body")]
    public void A_mistake_is_reported_against_its_field(string json, string field)
    {
        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void The_fingerprint_ignores_formatting_and_key_order_but_not_values()
    {
        var a = Read("""{"type":"noop","input":{"sleepMs":5,"failTimes":1}}""").Request!;
        var b = Read("""{ "input": { "failTimes": 1, "sleepMs": 5 }, "type": "noop" }""").Request!;
        var c = Read("""{"type":"noop","input":{"sleepMs":6,"failTimes":1}}""").Request!;

        Assert.Equal(a.Fingerprint(), b.Fingerprint());
        Assert.NotEqual(a.Fingerprint(), c.Fingerprint());
    }
}
