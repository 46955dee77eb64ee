using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Api.Jobs;
using Fleet.Contracts.Jobs;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Fleet.Api.Composition;

/// <summary>
/// POST /v1/jobs reads its body by hand (every mistake is a field error, never a binder 400), so the generator sees
/// no type for it. This transformer describes it from the same field table the validator checks
/// (<see cref="JobInputValidator.InputSchemas"/>): one <c>SubmitJob.{type}</c> schema per job type, joined by
/// <c>oneOf</c> with <c>type</c> as discriminator, and one request example per job type. The document and the
/// validator cannot disagree about a field or a bound.
/// </summary>
internal sealed class JobSchemasDocumentTransformer(IOptions<JobsOptions> options) : IOpenApiDocumentTransformer
{
    internal const string SubmitSchema = "SubmitJobRequest";

    // What each job type returns as `result` (../shared/DESIGN.md), for the schema descriptions.
    private static readonly Dictionary<string, string> Results = new(StringComparer.Ordinal)
    {
        [JobTypes.Noop] = """{"slept": ms}""",
        [JobTypes.LlmGenerate] = """{"text", "finishReason", "usage": {"promptTokens", "completionTokens"}}""",
        [JobTypes.LlmEmbed] = """{"vectors": [[...]], "dimensions"}""",
        [JobTypes.RagAnswer] = """{"answer", "citations": [{"documentId", "chunk", "score"}]}""",
        [JobTypes.RlTrain] = """{"evalMeanReturn", "evalEpisodes", "steps", "checkpoint", "tensorboardDir"}""",
        [JobTypes.IngestRun] = """{"documents", "chunks", "added", "updated", "deleted"}""",
        [JobTypes.BackupRun] = """{"backupId", "bytes", "verified"}""",
    };

    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        [JobTypes.Noop] = """{"type": "noop", "input": {"sleepMs": 250, "progressSteps": 4}}""",
        [JobTypes.LlmGenerate] = """{"type": "llm.generate", "input": {"prompt": "The fleet sails", "maxTokens": 32, "temperature": 0.7, "topP": 0.9, "seed": 7, "stop": ["\n\n"]}, "priority": 5}""",
        [JobTypes.LlmEmbed] = """{"type": "llm.embed", "input": {"texts": ["How are jobs retried?", "What does a backup contain?"]}}""",
        [JobTypes.RagAnswer] = """{"type": "rag.answer", "input": {"question": "How does Fleet back up its data?", "topK": 4}}""",
        [JobTypes.RlTrain] = """{"type": "rl.train", "input": {"env": "CartPole-v1", "algorithm": "ppo", "totalSteps": 100000, "seed": 1, "hyperparameters": {"learningRate": 0.0003, "nSteps": 2048}}, "timeoutSeconds": 3600}""",
        [JobTypes.IngestRun] = """{"type": "ingest.run", "input": {"source": "/srv/docs"}}""",
        [JobTypes.BackupRun] = """{"type": "backup.run", "input": {}, "runAt": "2026-12-31T02:00:00Z"}""",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        var limits = options.Value;
        var variants = new List<IOpenApiSchema>();
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        foreach (var (type, fields) in JobInputValidator.InputSchemas)
        {
            var name = "SubmitJob." + type;
            document.Components.Schemas[name] = SubmitSchemaFor(type, fields, limits);
            var reference = new OpenApiSchemaReference(name, document);
            variants.Add(reference);
            mapping[type] = reference;
        }
        document.Components.Schemas[SubmitSchema] = new OpenApiSchema
        {
            Description = "A job to run: its type decides the shape of input (one schema per job type).",
            OneOf = variants,
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
        };

        if (document.Paths?.TryGetValue("/v1/jobs/", out var path) != true && document.Paths?.TryGetValue("/v1/jobs", out path) != true)
        {
            return Task.CompletedTask;
        }
        if (path!.Operations?.TryGetValue(HttpMethod.Post, out var submit) != true || submit is null)
        {
            return Task.CompletedTask;
        }
        submit.Summary = "Submit a job";
        submit.Description = "Answers 202 with the job at once; the job runs on a worker of its type. The same Idempotency-Key with the same body returns the same job again; with another body, 409.";
        submit.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchemaReference(SubmitSchema, document),
                    Examples = Examples.ToDictionary(e => e.Key, e => (IOpenApiExample)new OpenApiExample
                    {
                        Summary = e.Key,
                        Value = JsonNode.Parse(e.Value),
                    }),
                },
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema SubmitSchemaFor(string type, IReadOnlyList<InputField> fields, JobsOptions limits) => new()
    {
        Type = JsonSchemaType.Object,
        Description = $"Submit a {type} job. Its result: {Results.GetValueOrDefault(type, "{}")}",
        Required = new HashSet<string>(StringComparer.Ordinal) { "type" },
        AdditionalPropertiesAllowed = false,
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(type)] },
            ["input"] = InputSchema(fields, type == JobTypes.RlTrain ? JobInputValidator.RlHyperparameters : []),
            ["priority"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Minimum = "0", Maximum = "9", Default = JsonValue.Create(0),
                Description = "0–4 normal, 5–9 high (a queue of its own, consumed beside the normal one).",
            },
            ["runAt"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date-time",
                Description = "Run no earlier than this (ISO 8601 with an offset); the job is scheduled until then.",
            },
            ["timeoutSeconds"] = Bounded(JsonSchemaType.Integer, 1, limits.MaxTimeoutSeconds, "An attempt running longer fails with error code timeout."),
            ["maxAttempts"] = Bounded(JsonSchemaType.Integer, 1, limits.MaxMaxAttempts, $"Attempts before exhausted_retries (default {limits.DefaultMaxAttempts})."),
        },
    };

    private static OpenApiSchema InputSchema(IReadOnlyList<InputField> fields, IReadOnlyList<InputField> nested)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalPropertiesAllowed = false,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(StringComparer.Ordinal),
        };
        foreach (var field in fields)
        {
            schema.Properties[field.Name] = field.Kind == InputKind.JsonObject && nested.Count > 0
                ? InputSchema(nested.Select(f => f with { Name = f.Name[(f.Name.IndexOf('.', StringComparison.Ordinal) + 1)..] }).ToList(), [])
                : FieldSchema(field);
        }
        return schema;
    }

    private static OpenApiSchema FieldSchema(InputField field)
    {
        var schema = field.Kind switch
        {
            InputKind.WholeNumber => new OpenApiSchema { Type = JsonSchemaType.Integer },
            InputKind.Number => new OpenApiSchema { Type = JsonSchemaType.Number },
            InputKind.Text => new OpenApiSchema { Type = JsonSchemaType.String },
            InputKind.TrueFalse => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            InputKind.TextArray => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            _ => new OpenApiSchema { Type = JsonSchemaType.Object },
        };
        var hasMin = field.Min != double.MinValue;
        var hasMax = field.Max != double.MaxValue;
        switch (field.Kind)
        {
            case InputKind.WholeNumber or InputKind.Number:
                schema.Minimum = hasMin ? Number(field.Min) : null;
                schema.Maximum = hasMax ? Number(field.Max) : null;
                break;
            case InputKind.Text:
                schema.MinLength = hasMin ? (int)field.Min : null;
                schema.MaxLength = hasMax ? (int)field.Max : null;
                schema.Enum = field.OneOf?.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
                break;
            case InputKind.TextArray:
                schema.MinItems = hasMin ? (int)field.Min : null;
                schema.MaxItems = hasMax ? (int)field.Max : null;
                break;
        }
        return schema;
    }

    private static OpenApiSchema Bounded(JsonSchemaType type, double min, double max, string description) =>
        new() { Type = type, Minimum = Number(min), Maximum = Number(max), Description = description };

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
