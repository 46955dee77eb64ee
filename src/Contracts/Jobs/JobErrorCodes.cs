namespace Fleet.Contracts.Jobs;

/// <summary>Error codes a failed job carries in <c>error.code</c>.</summary>
public static class JobErrorCodes
{
    public const string Timeout = "timeout";
    public const string ExhaustedRetries = "exhausted_retries";
    public const string InvalidInput = "invalid_input";
    public const string WorkerLost = "worker_lost";
}
