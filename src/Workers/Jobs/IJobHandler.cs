using System.Text.Json;

namespace Fleet.Workers.Jobs;

/// <summary>Runs one job type. Throw <see cref="JobInputException"/> for input that can never succeed; any other exception is retried.</summary>
public interface IJobHandler
{
    /// <summary>The job type served, e.g. <c>noop</c> or <c>llm.generate</c>.</summary>
    string JobType { get; }

    /// <summary>Jobs of this type one process holds at once (prefetch); null means <c>Worker:ConcurrencyPerType</c>.</summary>
    int? MaxConcurrency => null;

    /// <summary>Runs one attempt. Honour <paramref name="cancellationToken"/>: it fires on cancel, timeout and drain.</summary>
    Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken);
}
