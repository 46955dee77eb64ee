using System.Globalization;
using System.Text;
using Fleet.Workers.Jobs;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Noop;

/// <summary>
/// The worker-side record of completed executions (<see cref="NoopOptions.LedgerDirectory"/>): one line
/// <c>jobId attempt workerId completedAt</c>, written and flushed to the kernel before the outcome is published, so a
/// SIGKILL right after still leaves the line. At-least-once delivery may run a job twice; the ledger shows how often,
/// while the job's recorded outcome stays single.
/// </summary>
public sealed class ExecutionLedger(IOptions<NoopOptions> options, IOptions<WorkerOptions> worker, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim writing = new(1, 1);
    private FileStream? file;

    public async Task RecordAsync(Guid jobId, int attempt, CancellationToken cancellationToken)
    {
        if (options.Value.LedgerDirectory is not { Length: > 0 } directory)
        {
            return;
        }
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{jobId}\t{attempt}\t{worker.Value.Id}\t{clock.GetUtcNow():O}\n"));
        await writing.WaitAsync(cancellationToken);
        try
        {
            if (file is null)
            {
                Directory.CreateDirectory(directory);
                file = new FileStream(Path.Combine(directory, worker.Value.Id + ".ledger"), FileMode.Append, FileAccess.Write, FileShare.Read);
            }
            await file.WriteAsync(line, CancellationToken.None);
            await file.FlushAsync(CancellationToken.None);
        }
        finally
        {
            writing.Release();
        }
    }

    public void Dispose()
    {
        file?.Dispose();
        writing.Dispose();
    }
}
