using System.ComponentModel.DataAnnotations;

namespace Fleet.Workers.Llm.Inference;

/// <summary>The model this worker serves and how much of the machine its batches may take.</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>A folder with model.onnx (Optimum decoder-with-past layout), config.json and the tokenizer.</summary>
    [Required] public string ModelPath { get; set; } = "";

    /// <summary><c>cpu</c> or <c>cuda</c>. <c>cuda</c> needs a build with <c>-p:FleetGpu=true</c>; it never falls back.</summary>
    [Required, RegularExpression("^(cpu|cuda)$")] public string ExecutionProvider { get; set; } = "cpu";

    [Range(0, 64)] public int CudaDeviceId { get; set; }

    /// <summary>Sequences decoded together in one forward step; <c>llm.generate</c> jobs beyond it wait in RabbitMQ.</summary>
    [Range(1, 256)] public int MaxBatchSize { get; set; } = 8;

    /// <summary>
    /// KV-cache budget in token slots: batch rows × the longest row's reserved length (prompt + maxTokens) stays
    /// under it. A sequence that does not fit waits for the next step; one alone always runs.
    /// </summary>
    [Range(1, 16_777_216)] public int MaxBatchTokens { get; set; } = 8 * 1024;

    /// <summary>ONNX Runtime intra-op threads; 0 lets it use every core.</summary>
    [Range(0, 256)] public int IntraOpThreads { get; set; }

    /// <summary><c>maxTokens</c> when a job names none.</summary>
    [Range(1, 4096)] public int DefaultMaxTokens { get; set; } = 256;

    /// <summary>Most token events written in one group to the job's event stream.</summary>
    [Range(1, 1024)] public int MaxTokensPerEvent { get; set; } = 16;
}
