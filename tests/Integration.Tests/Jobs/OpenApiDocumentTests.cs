using System.Net;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Jobs;

/// <summary>The OpenAPI document the running Api serves describes every job type, and its examples are accepted.</summary>
public sealed class OpenApiDocumentTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task The_document_has_one_submit_schema_per_job_type_with_the_validators_bounds()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var submit = schemas.GetProperty("SubmitJobRequest");
        Assert.Equal(JobTypes.All.Order(StringComparer.Ordinal),
            submit.GetProperty("discriminator").GetProperty("mapping").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JobTypes.All.Count, submit.GetProperty("oneOf").GetArrayLength());
        Assert.Equal("type", submit.GetProperty("discriminator").GetProperty("propertyName").GetString());

        foreach (var type in JobTypes.All)
        {
            var schema = schemas.GetProperty("SubmitJob." + type);
            Assert.Equal([type], schema.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            Assert.Contains("type", schema.GetProperty("required").EnumerateArray().Select(v => v.GetString()));
        }

        // The bounds come from the validator's field table: what the document says is what a submit checks.
        var generate = schemas.GetProperty("SubmitJob.llm.generate").GetProperty("properties").GetProperty("input");
        Assert.Equal(["prompt"], generate.GetProperty("required").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(4096, generate.GetProperty("properties").GetProperty("maxTokens").GetProperty("maximum").GetDouble());
        Assert.Equal(32_768, generate.GetProperty("properties").GetProperty("prompt").GetProperty("maxLength").GetInt32());
        var rl = schemas.GetProperty("SubmitJob.rl.train").GetProperty("properties").GetProperty("input").GetProperty("properties");
        Assert.Equal(["CartPole-v1", "Acrobot-v1"], rl.GetProperty("env").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.True(rl.GetProperty("hyperparameters").GetProperty("properties").TryGetProperty("learningRate", out _));
    }

    [Fact]
    public async Task Every_job_type_has_a_request_example_and_the_api_accepts_each()
    {
        var document = await DocumentAsync();
        var body = document.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == "/v1/jobs").Value
            .GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.Equal("#/components/schemas/SubmitJobRequest", body.GetProperty("schema").GetProperty("$ref").GetString());
        var examples = body.GetProperty("examples").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetProperty("value"));
        Assert.Equal(JobTypes.All.Order(StringComparer.Ordinal), examples.Keys.Order(StringComparer.Ordinal));

        foreach (var (type, example) in examples)
        {
            Assert.Equal(type, example.GetProperty("type").GetString());
            using var response = await Fleet.Jobs.PostAsync(example.GetRawText(), idempotencyKey: null, Cancellation);
            var answer = await response.Content.ReadAsStringAsync(Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"the {type} example was refused: {(int)response.StatusCode} {answer}");
            // The examples are documentation, not work: stop each one at once.
            var id = JsonDocument.Parse(answer).RootElement.GetProperty("id").GetGuid();
            using var cancel = await Fleet.Jobs.PostActionAsync(id, "cancel", Cancellation);
        }
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await Fleet.Client.GetAsync("/openapi/v1.json", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.Clone();
    }
}
