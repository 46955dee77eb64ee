using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Integration.Tests.Infrastructure;

namespace Fleet.Integration.Tests.Retrieval;

/// <summary>
/// ingest.run over the corpus the repository ships (samples/corpus, handed to Workers.Llm as Ingestion:Sources:0),
/// then POST /v1/search and rag.answer through the real fleet.
/// </summary>
public sealed class SearchTests(FleetServers fleet) : FleetTest(fleet)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task After_ingesting_the_corpus_search_ranks_the_document_about_the_question_first_and_rag_answer_cites_it()
    {
        var ingest = await Fleet.Jobs.SubmitAsync(new JobRequest("ingest.run", new { }), Cancellation);
        var ingested = await Fleet.Jobs.WaitForStateAsync(ingest.Id, "succeeded", JobTimeout, Cancellation);

        Assert.Equal(13, ingested.Result.GetProperty("documents").GetInt32());
        Assert.Equal(0, ingested.Result.GetProperty("deleted").GetInt32());
        Assert.Equal(13, ingested.Result.GetProperty("added").GetInt32() + ingested.Result.GetProperty("unchanged").GetInt32());
        Assert.Equal(100, ingested.ProgressPercent);
        foreach (var (question, document) in new[]
        {
            ("How do I restore the database from a pg_dump backup?", "corpus/guides/database-backups.md"),
            ("Why does espresso need nine bars of pressure?", "corpus/espresso.txt"),
            ("What makes the sea rise and fall twice a day?", "corpus/tides.txt"),
            ("How do bees tell each other where flowers are?", "corpus/honeybees.md"),
            ("Who built the stone tower on the Eddystone rocks?", "corpus/eddystone-lighthouse.pdf"),
            ("How can I replace an API key without downtime?", "corpus/guides/api-keys.html"),
            ("What is the hydration of a sourdough loaf?", "corpus/sourdough.html"),
        })
        {
            var items = await SearchAsync(question, 3);
            Assert.True(items[0].GetProperty("documentId").GetString() == document, $"{question} ranked {items[0]} first, not {document}");
            Assert.Equal(3, items.Count);
            Assert.True(items[0].GetProperty("score").GetDouble() > items[1].GetProperty("score").GetDouble());
        }

        var answer = await Fleet.Jobs.SubmitAsync(new JobRequest("rag.answer", new { question = "How much coffee goes into a double shot of espresso?", topK = 3 }), Cancellation);
        var answered = await Fleet.Jobs.WaitForStateAsync(answer.Id, "succeeded", JobTimeout, Cancellation);

        var citations = answered.Result.GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(3, citations.Count);
        Assert.Equal("corpus/espresso.txt", citations[0].GetProperty("documentId").GetString());
        Assert.Equal(["chunk", "documentId", "score"], citations[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("extractive", answered.Result.GetProperty("generator").GetString());
        Assert.Contains("eighteen grams of coffee", answered.Result.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Llm_embed_returns_one_384_dimension_unit_vector_per_text()
    {
        var submitted = await Fleet.Jobs.SubmitAsync(new JobRequest("llm.embed", new { texts = new[] { "The Moon pulls the oceans.", "Tides follow the Moon.", "Espresso needs pressure." } }), Cancellation);
        var job = await Fleet.Jobs.WaitForStateAsync(submitted.Id, "succeeded", JobTimeout, Cancellation);

        Assert.Equal(384, job.Result.GetProperty("dimensions").GetInt32());
        var vectors = job.Result.GetProperty("vectors").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToList();
        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => x * x)), 3));
        Assert.True(Dot(vectors[0], vectors[1]) > Dot(vectors[0], vectors[2]));
    }

    [Theory]
    [InlineData("""{"topK":3}""", "query", "query is required.")]
    [InlineData("""{"query":"   "}""", "query", "query must be 1 to 4096 characters and not only white space.")]
    [InlineData("""{"query":42}""", "query", "query must be a string.")]
    [InlineData("""{"query":"tides","topK":0}""", "topK", "topK must be between 1 and 50.")]
    [InlineData("""{"query":"tides","topK":51}""", "topK", "topK must be between 1 and 50.")]
    [InlineData("""{"query":"tides","limit":5}""", "limit", "Unknown field; a search takes query and topK.")]
    [InlineData("""[1]""", "body", "The request body must be a JSON object.")]
    public async Task Bad_search_input_is_a_400_naming_the_field(string body, string field, string message)
    {
        using var response = await Fleet.Client.PostAsync("/v1/search", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

        var problem = await ProblemAssert.ReadAsync(response, HttpStatusCode.BadRequest, Cancellation);
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Search_without_a_key_is_401()
    {
        using var anonymous = Fleet.CreateClient(null);

        using var response = await anonymous.PostAsJsonAsync("/v1/search", new { query = "tides" }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Ingesting_a_folder_outside_the_configured_sources_fails_as_invalid_input()
    {
        var submitted = await Fleet.Jobs.SubmitAsync(new JobRequest("ingest.run", new { source = "/etc" }), Cancellation);

        var job = await Fleet.Jobs.WaitForStateAsync(submitted.Id, "failed", JobTimeout, Cancellation);

        Assert.Equal("invalid_input", job.ErrorCode);
        Assert.Equal(1, job.Attempts);
    }

    private async Task<List<JsonElement>> SearchAsync(string query, int topK)
    {
        using var response = await Fleet.Client.PostAsJsonAsync("/v1/search", new { query, topK }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(["chunk", "documentId", "score", "text"], i.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        return items;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b).Sum(p => p.First * p.Second);
}
