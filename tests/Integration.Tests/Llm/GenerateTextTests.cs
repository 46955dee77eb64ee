using System.Net;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Llm;

/// <summary>llm.generate end to end: HTTP submit → RabbitMQ → Workers.Llm's batcher on the fixture model → SSE and result.</summary>
public sealed class GenerateTextTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Greedy_generation_succeeds_with_the_text_the_model_gives_in_process()
    {
        const string prompt = "The fleet sails at dawn";
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("llm.generate", new { prompt, maxTokens = 24, temperature = 0 }), Cancellation);

        var done = await Fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", Timeout, Cancellation);

        var expected = InProcessGreedy.Generate(Fleet.LlmModelFolder, prompt, 24);
        Assert.Equal(expected, done.Result.GetProperty("text").GetString());
        Assert.Equal("length", done.Result.GetProperty("finishReason").GetString());
        var usage = done.Result.GetProperty("usage");
        Assert.Equal((5, 24), (usage.GetProperty("promptTokens").GetInt32(), usage.GetProperty("completionTokens").GetInt32()));
        Assert.True(done.Result.GetProperty("timeToFirstTokenMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Token_events_resume_after_Last_Event_ID_without_gap_or_duplicate_and_end_carries_usage()
    {
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("llm.generate", new { prompt = "Once upon a time", maxTokens = 40, temperature = 0 }), Cancellation);
        var all = await ServerSentEvent.ReadStreamAsync(Fleet.Client, job.Id, lastEventId: null, Timeout, Cancellation);
        var tokens = all.Where(e => e.Event == "token").ToList();
        Assert.True(tokens.Count >= 4, $"expected several token events, got: {string.Join(", ", all)}");

        var resumed = await ServerSentEvent.ReadStreamAsync(Fleet.Client, job.Id, lastEventId: tokens[2].Id, Timeout, Cancellation);

        Assert.Equal(all.SkipWhile(e => e.Id != tokens[2].Id).Skip(1), resumed);
        Assert.Equal(Enumerable.Range(0, tokens.Count), tokens.Select(t => t.Json.GetProperty("seq").GetInt32()));
        Assert.All(tokens, t => Assert.Equal(1, t.Json.GetProperty("attempt").GetInt32()));
        var end = all[^1];
        Assert.Equal("end", end.Event);
        var result = end.Json.GetProperty("result");
        Assert.Equal(string.Concat(tokens.Select(t => t.Json.GetProperty("text").GetString())), result.GetProperty("text").GetString());
        Assert.Equal(40, result.GetProperty("usage").GetProperty("completionTokens").GetInt32());
        Assert.Equal(4, result.GetProperty("usage").GetProperty("promptTokens").GetInt32());
    }

    [Fact]
    public async Task Cancel_mid_generation_ends_the_job_cancelled_before_it_finishes()
    {
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("llm.generate", new { prompt = "Tell me everything", maxTokens = 2000, temperature = 0 }), Cancellation);
        await Poll.UntilAsync(
            () => Fleet.Database.ScalarAsync<long>("SELECT count(*) FROM job_events WHERE job_id = $1 AND kind = 'token'", [job.Id], Cancellation),
            count => count > 0, $"job {job.Id}'s first token event", Timeout, Cancellation);

        using var cancel = await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var cancelled = await Fleet.Jobs.WaitForStateAsync(job.Id, "cancelled", Timeout, Cancellation);
        Assert.Equal(JsonValueKind.Null, cancelled.Result.ValueKind);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_model_context_is_a_400_naming_the_prompt()
    {
        var prompt = string.Concat(Enumerable.Repeat(" fleet", 2100));

        using var response = await Fleet.Jobs.PostAsync(new JobRequest("llm.generate", new { prompt }).ToJson(), null, Cancellation);

        var problem = await ProblemAssert.ReadAsync(response, HttpStatusCode.BadRequest, Cancellation);
        Assert.Equal(["prompt is 2100 tokens; the model's context is 2048 tokens."], problem.GetProperty("errors").GetProperty("input.prompt").EnumerateArray().Select(e => e.GetString()));
    }
}
