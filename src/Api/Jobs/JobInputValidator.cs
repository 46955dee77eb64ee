using System.Text.Json;
using Fleet.Llm.Model;
using Microsoft.Extensions.Options;
using static Fleet.Api.Jobs.InputKind;

namespace Fleet.Api.Jobs;

/// <summary>
/// The input each job type accepts (../shared/DESIGN.md, "Job types and their input"). Checked at submit time so a
/// bad input is a 400 naming the field and never a message that fails in a worker. With
/// <see cref="JobsOptions.LlmModelPath"/> set, an <c>llm.generate</c> prompt is also counted with that model's own
/// tokenizer, and one that leaves no room in the model's context is a 400 too.
/// </summary>
public sealed class JobInputValidator
{
    private readonly Lazy<PromptBudget?> promptBudget;

    public JobInputValidator() => promptBudget = new Lazy<PromptBudget?>((PromptBudget?)null);

    public JobInputValidator(IOptions<JobsOptions> options) =>
        promptBudget = new Lazy<PromptBudget?>(() => options.Value.LlmModelPath is { Length: > 0 } path ? PromptBudget.Load(path) : null);

    private static readonly Dictionary<string, InputField[]> Schemas = new(StringComparer.Ordinal)
    {
        ["noop"] =
        [
            new("sleepMs", WholeNumber, Min: 0, Max: 3_600_000),
            new("failTimes", WholeNumber, Min: 0, Max: 100),
            new("progressSteps", WholeNumber, Min: 0, Max: 1_000),
        ],
        ["llm.generate"] =
        [
            new("prompt", Text, Required: true, Min: 1, Max: 32_768),
            new("maxTokens", WholeNumber, Min: 1, Max: 4_096),
            new("temperature", Number, Min: 0, Max: 2),
            new("topP", Number, Min: 0, Max: 1),
            new("seed", WholeNumber, Min: int.MinValue, Max: int.MaxValue),
            new("stop", TextArray, Min: 0, Max: 8),
            new("topK", WholeNumber, Min: 0, Max: 1_000_000),
        ],
        ["llm.embed"] = [new("texts", TextArray, Required: true, Min: 1, Max: 256)],
        ["rag.answer"] =
        [
            new("question", Text, Required: true, Min: 1, Max: 4_096),
            new("topK", WholeNumber, Min: 1, Max: 50),
        ],
        ["rl.train"] =
        [
            new("env", Text, Required: true, OneOf: ["CartPole-v1", "Acrobot-v1"]),
            new("algorithm", Text, OneOf: ["ppo"]),
            new("totalSteps", WholeNumber, Required: true, Min: 1, Max: 10_000_000),
            new("seed", WholeNumber, Min: int.MinValue, Max: int.MaxValue),
            new("hyperparameters", JsonObject),
        ],
        ["ingest.run"] = [new("source", Text, Min: 1, Max: 1_024)],
        ["backup.run"] = [],
    };

    // rl.train's hyperparameters object: the PPO settings the RL worker accepts (Fleet.Workers.Rl PpoHyperparameters).
    private static readonly InputField[] PpoHyperparameters =
    [
        new("hyperparameters.numEnvs", WholeNumber, Min: 1, Max: 256),
        new("hyperparameters.nSteps", WholeNumber, Min: 1, Max: 8_192),
        new("hyperparameters.batchSize", WholeNumber, Min: 1, Max: 65_536),
        new("hyperparameters.nEpochs", WholeNumber, Min: 1, Max: 100),
        new("hyperparameters.gamma", Number, Min: 0, Max: 1),
        new("hyperparameters.gaeLambda", Number, Min: 0, Max: 1),
        new("hyperparameters.learningRate", Number, Min: 0, Max: 1),
        new("hyperparameters.linearLearningRate", TrueFalse),
        new("hyperparameters.clipRange", Number, Min: 0, Max: 10),
        new("hyperparameters.linearClipRange", TrueFalse),
        new("hyperparameters.entCoef", Number, Min: 0, Max: 1),
        new("hyperparameters.vfCoef", Number, Min: 0, Max: 10),
        new("hyperparameters.maxGradNorm", Number, Min: 0, Max: 1_000),
        new("hyperparameters.hiddenSize", WholeNumber, Min: 1, Max: 1_024),
    ];

    public IEnumerable<string> KnownTypes => Schemas.Keys;

    /// <summary>The fields each job type accepts: what <see cref="Validate"/> checks and the OpenAPI document shows.</summary>
    public static IReadOnlyDictionary<string, InputField[]> InputSchemas => Schemas;

    /// <summary>The fields of rl.train's <c>hyperparameters</c> object, named <c>hyperparameters.X</c>.</summary>
    public static IReadOnlyList<InputField> RlHyperparameters => PpoHyperparameters;

    public bool IsKnownType(string type) => Schemas.ContainsKey(type);

    public void Validate(string type, JsonElement input, FieldErrors errors)
    {
        var fields = Schemas[type];
        foreach (var property in input.EnumerateObject())
        {
            var field = Array.Find(fields, f => f.Name == property.Name);
            if (field is null)
            {
                errors.Add("input." + property.Name, $"Unknown field for job type {type}.");
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                field.Validate(property.Value, errors);
            }
        }
        foreach (var missing in fields.Where(f => f.Required && !HasValue(input, f.Name)))
        {
            errors.Add("input." + missing.Name, $"{missing.Name} is required for job type {type}.");
        }
        if (type == "llm.generate" && errors.IsEmpty && promptBudget.Value is { } budget && !budget.Fits(input.GetProperty("prompt").GetString()!, out var tokens))
        {
            errors.Add("input.prompt", $"prompt is {tokens} tokens; the model's context is {budget.Context} tokens.");
        }
        if (type == "rl.train" && input.TryGetProperty("hyperparameters", out var hyperparameters) && hyperparameters.ValueKind == JsonValueKind.Object)
        {
            ValidateHyperparameters(hyperparameters, errors);
        }
    }

    private static void ValidateHyperparameters(JsonElement hyperparameters, FieldErrors errors)
    {
        foreach (var property in hyperparameters.EnumerateObject())
        {
            var field = Array.Find(PpoHyperparameters, f => f.Name == "hyperparameters." + property.Name);
            if (field is null)
            {
                errors.Add("input.hyperparameters." + property.Name, "Unknown PPO hyperparameter.");
            }
            else
            {
                field.Validate(property.Value, errors);
            }
        }
    }

    private static bool HasValue(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
}
