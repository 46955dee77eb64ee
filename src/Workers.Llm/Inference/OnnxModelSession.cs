using Fleet.Llm.Model;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Fleet.Workers.Llm.Inference;

/// <summary>
/// A model folder on ONNX Runtime. Inputs and outputs are bound to the caller's buffers (no copies): the batcher owns
/// the KV caches and ONNX Runtime writes each step's present caches straight into them.
/// </summary>
public sealed class OnnxModelSession : IModelSession
{
    public const string ModelFile = "model.onnx";

    private readonly InferenceSession session;
    private readonly bool hasPositionIds;

    public OnnxModelSession(IOptions<LlmOptions> options) : this(options.Value)
    {
    }

    public OnnxModelSession(LlmOptions options)
    {
        Config = ModelConfig.Load(options.ModelPath);
        Tokenizer = ModelTokenizer.Load(options.ModelPath, Config);
        using var sessionOptions = ExecutionProviders.Create(options);
        session = new InferenceSession(Path.Combine(options.ModelPath, ModelFile), sessionOptions);
        hasPositionIds = session.InputMetadata.ContainsKey("position_ids");
        foreach (var required in new[] { "input_ids", "attention_mask", "past_key_values.0.key" })
        {
            if (!session.InputMetadata.ContainsKey(required))
            {
                session.Dispose();
                throw new InvalidDataException($"{ModelFile} has no input '{required}': export it with past key values (decoder-with-past layout).");
            }
        }
    }

    public ModelConfig Config { get; }

    public Tokenizer Tokenizer { get; }

    public void Run(ForwardStep step)
    {
        var kvHeads = Config.KeyValueHeads;
        var headSize = Config.HeadSize;
        using var binding = session.CreateIoBinding();
        var values = new List<OrtValue>(4 + 4 * Config.Layers);
        try
        {
            OrtValue Bind<T>(Memory<T> buffer, long[] shape) where T : unmanaged
            {
                var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer, shape);
                values.Add(value);
                return value;
            }
            binding.BindInput("input_ids", Bind(step.InputIds, [step.Batch, step.Sequence]));
            binding.BindInput("attention_mask", Bind(step.AttentionMask, [step.Batch, step.Total]));
            if (hasPositionIds)
            {
                binding.BindInput("position_ids", Bind(step.PositionIds, [step.Batch, step.Sequence]));
            }
            long[] past = [step.Batch, kvHeads, step.Past, headSize];
            long[] present = [step.Batch, kvHeads, step.Total, headSize];
            for (var l = 0; l < Config.Layers; l++)
            {
                binding.BindInput($"past_key_values.{l}.key", Bind(step.PastKeys[l], past));
                binding.BindInput($"past_key_values.{l}.value", Bind(step.PastValues[l], past));
                binding.BindOutput($"present.{l}.key", Bind(step.PresentKeys[l], present));
                binding.BindOutput($"present.{l}.value", Bind(step.PresentValues[l], present));
            }
            binding.BindOutput("logits", Bind(step.Logits, [step.Batch, step.Sequence, Config.VocabSize]));
            using var run = new RunOptions();
            session.RunWithBinding(run, binding);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => session.Dispose();
}
