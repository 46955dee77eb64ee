using Fleet.Workers.Jobs;
using Fleet.Workers.Noop;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Tests.Noop;

public sealed class ExecutionLedgerTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "fleet-ledger-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Each_recorded_execution_is_one_line_in_the_worker_s_own_file_at_once()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        using var ledger = Ledger(directory, "worker-llm-2");

        await ledger.RecordAsync(first, 1, TestContext.Current.CancellationToken);
        await ledger.RecordAsync(second, 3, TestContext.Current.CancellationToken);

        // Read while the ledger is still open: the lines must already be out of the process.
        var lines = await ReadSharedAsync(Path.Combine(directory, "worker-llm-2.ledger"));
        Assert.Equal(2, lines.Length);
        Assert.Equal([first.ToString(), "1", "worker-llm-2"], lines[0].Split('\t')[..3]);
        Assert.Equal([second.ToString(), "3", "worker-llm-2"], lines[1].Split('\t')[..3]);
        Assert.True(DateTimeOffset.TryParse(lines[1].Split('\t')[3], out _));
    }

    [Fact]
    public async Task Without_a_directory_nothing_is_written()
    {
        using var ledger = Ledger(null, "w");
        await ledger.RecordAsync(Guid.NewGuid(), 1, TestContext.Current.CancellationToken);
        Assert.False(Directory.Exists(directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ExecutionLedger Ledger(string? dir, string workerId) =>
        new(Options.Create(new NoopOptions { LedgerDirectory = dir }), Options.Create(new WorkerOptions { Id = workerId }), TimeProvider.System);

    private static async Task<string[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
