namespace Fleet.Workers.Llm.Inference;

/// <summary>CUDA was asked for and cannot run here; the worker refuses to start rather than fall back to the CPU.</summary>
public sealed class CudaUnavailableException(string message, Exception inner) : Exception(message, inner);
