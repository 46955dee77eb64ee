namespace Fleet.Workers.Llm.Batching;

/// <summary>Why generation ended, as the result's <c>finishReason</c> reports it (OpenAI's words).</summary>
public static class FinishReasons
{
    /// <summary>End-of-sequence token or a stop sequence.</summary>
    public const string Stop = "stop";

    /// <summary><c>maxTokens</c> reached, or the model's context is full.</summary>
    public const string Length = "length";
}
