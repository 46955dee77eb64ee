using System.Text.Json;
using Fleet.Workers.Jobs;
using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Generation;

namespace Fleet.Workers.Llm.Tests.Generation;

public sealed class GenerateTextInputTests
{
    [Fact]
    public void Defaults_are_temperature_one_no_top_k_top_p_one_and_the_configured_max_tokens()
    {
        var input = GenerateTextInput.Parse(Json("""{"prompt":"hi"}"""), defaultMaxTokens: 77);

        Assert.Equal(new GenerateTextInput("hi", 77, new SamplingOptions(1f, 0, 1f), null, []), input with { Stop = [] });
        Assert.Empty(input.Stop);
    }

    [Fact]
    public void Every_field_is_read()
    {
        var input = GenerateTextInput.Parse(Json("""{"prompt":"hi","maxTokens":5,"temperature":0,"topK":3,"topP":0.5,"seed":9,"stop":["\n",""]}"""), 77);

        Assert.Equal(("hi", 5, new SamplingOptions(0f, 3, 0.5f), (int?)9), (input.Prompt, input.MaxTokens, input.Sampling, input.Seed));
        Assert.Equal(["\n"], input.Stop);
    }

    [Theory]
    [InlineData("""{}""", "input.prompt must be a non-empty string.")]
    [InlineData("""{"prompt":""}""", "input.prompt must be a non-empty string.")]
    [InlineData("""{"prompt":"x","temperature":3}""", "input.temperature must be a number between 0 and 2.")]
    [InlineData("""{"prompt":"x","maxTokens":0}""", "input.maxTokens must be a number between 1 and 4096.")]
    public void Input_that_cannot_succeed_is_a_job_input_error(string json, string message)
    {
        var error = Assert.Throws<JobInputException>(() => GenerateTextInput.Parse(Json(json), 77));

        Assert.Equal(message, error.Message);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
