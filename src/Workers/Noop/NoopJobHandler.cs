using System.Text.Json;
using Fleet.Workers.Jobs;

namespace Fleet.Workers.Noop;

/// <summary>
/// <c>noop</c>: sleeps <c>sleepMs</c>, reporting <c>progressSteps</c> progress updates on the way, and fails its first
/// <c>failTimes</c> attempts. For tests, demos and benchmarks of the job path itself.
/// </summary>
public sealed class NoopJobHandler(ExecutionLedger ledger, TimeProvider clock) : IJobHandler
{
    public string JobType => "noop";

    public async Task<JsonElement> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var sleepMs = ReadInt(job.Input, "sleepMs");
        var failTimes = ReadInt(job.Input, "failTimes");
        var steps = ReadInt(job.Input, "progressSteps");
        if (job.Attempt <= failTimes)
        {
            throw new InvalidOperationException($"noop was asked to fail {failTimes} time(s); this was attempt {job.Attempt}.");
        }

        if (steps == 0)
        {
            if (sleepMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(sleepMs), clock, cancellationToken);
            }
        }
        else
        {
            for (var step = 1; step <= steps; step++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds((double)sleepMs / steps), clock, cancellationToken);
                await job.ReportProgressAsync(100.0 * step / steps, $"step {step} of {steps}", cancellationToken);
            }
        }
        await ledger.RecordAsync(job.JobId, job.Attempt, cancellationToken);
        return JsonSerializer.SerializeToElement(new { slept = sleepMs });
    }

    private static int ReadInt(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
