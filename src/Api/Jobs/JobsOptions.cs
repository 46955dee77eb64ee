using System.ComponentModel.DataAnnotations;

namespace Fleet.Api.Jobs;

/// <summary>Defaults and bounds for submitted jobs.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Attempts a job gets when the request names none (the contract's default is 3).</summary>
    [Range(1, 100)] public int DefaultMaxAttempts { get; set; } = 3;

    [Range(1, 100)] public int MaxMaxAttempts { get; set; } = 20;

    /// <summary>Longest <c>timeoutSeconds</c> a request may ask for.</summary>
    [Range(1, 30 * 86_400)] public int MaxTimeoutSeconds { get; set; } = 7 * 86_400;

    [Range(1, 1000)] public int MaxListLimit { get; set; } = 100;

    /// <summary>Largest request body POST /v1/jobs accepts, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)] public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The LLM worker's model folder (its config.json and tokenizer; no ONNX Runtime is loaded here). When set, an
    /// <c>llm.generate</c> prompt that fills the model's context is a 400 at submit time; unset, the worker fails it.
    /// </summary>
    public string? LlmModelPath { get; set; }
}
