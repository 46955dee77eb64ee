using Fleet.Llm.Model;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Inference;

/// <summary>Fails start-up when <see cref="LlmOptions.ModelPath"/> is not a model folder.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            return ValidateOptionsResult.Skip;   // [Required] reports it
        }
        var missing = new[] { OnnxModelSession.ModelFile, ModelConfig.FileName }
            .Where(f => !File.Exists(Path.Combine(options.ModelPath, f)))
            .ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Llm:ModelPath '{options.ModelPath}' lacks {string.Join(" and ", missing)}.");
    }
}
