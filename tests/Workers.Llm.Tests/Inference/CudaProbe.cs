using Microsoft.ML.OnnxRuntime;

namespace Fleet.Workers.Llm.Tests.Inference;

/// <summary>Whether ONNX Runtime in this build lists the CUDA provider and can append it (GPU build, GPU, CUDA runtime).</summary>
public static class CudaProbe
{
    public static bool IsAvailable { get; } = Probe();

    private static bool Probe()
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            return false;
        }
        using var options = new SessionOptions();
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    }
}
