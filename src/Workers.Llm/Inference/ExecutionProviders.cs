using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Fleet.Workers.Llm.Inference;

/// <summary>Session options for <see cref="LlmOptions.ExecutionProvider"/>. Asking for CUDA where it cannot load stops the process.</summary>
public static class ExecutionProviders
{
    public static SessionOptions Create(LlmOptions options)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.IntraOpThreads,
        };
        if (options.ExecutionProvider == "cuda")
        {
            try
            {
                if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
                {
                    throw new NotSupportedException("this build of ONNX Runtime has no CUDA provider (it is the CPU package).");
                }
                session.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or NotSupportedException or EntryPointNotFoundException or DllNotFoundException)
            {
                session.Dispose();
                throw new CudaUnavailableException(
                    $"Llm:ExecutionProvider is 'cuda' but ONNX Runtime's CUDA provider could not be loaded on device {options.CudaDeviceId}: {ex.Message} " +
                    "Build with -p:FleetGpu=true (Microsoft.ML.OnnxRuntime.Gpu) on a host with the CUDA 13 runtime, or set Llm:ExecutionProvider=cpu.",
                    ex);
            }
        }
        return session;
    }
}
