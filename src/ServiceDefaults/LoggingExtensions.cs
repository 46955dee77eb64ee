using Microsoft.Extensions.Logging;

namespace Fleet.ServiceDefaults;

public static class LoggingExtensions
{
    /// <summary>Every log line written inside the scope, library lines included, carries the job id (and type when known).</summary>
    public static IDisposable? BeginJobScope(this ILogger logger, Guid jobId, string? jobType = null) =>
        logger.BeginScope(jobType is null
            ? new Dictionary<string, object> { ["JobId"] = jobId }
            : new Dictionary<string, object> { ["JobId"] = jobId, ["JobType"] = jobType });
}
