using System.Diagnostics;

namespace Fleet.Bench;

/// <summary>
/// This benchmark started again as a child (`bus-consumer`), driven by the lines it prints. Only this process is ever
/// killed, by its own handle.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public static ChildProcess StartSelf(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        // Run as `dotnet Fleet.Bench.dll`: start the same way; run as the apphost: start that.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.FileName = self;
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }
        else
        {
            info.FileName = self;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + self));
    }

    /// <summary>Reads the child's lines until one starts with <paramref name="marker"/>; others are echoed.</summary>
    public async Task<string> WaitForAsync(string marker, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardOutput.ReadLineAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"child process printed no {marker} within {timeout.TotalSeconds:0} s");
            }

            if (line is null)
            {
                throw new InvalidOperationException($"child process exited (code {ExitCode()}) before {marker}");
            }

            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                return line;
            }

            Console.WriteLine("  child: " + line);
        }
    }

    public async Task StopAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The child waits for messages that will never come (the parent failed first): end it.
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => _process.Dispose();

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString() : "still running";
}
