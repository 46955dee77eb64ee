using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>
/// One Fleet host (Scheduler or a worker) running as a real OS process: <c>dotnet &lt;dll&gt;</c> on a free loopback
/// port, its stdout and stderr written to <see cref="LogPath"/>.
/// </summary>
public sealed class FleetProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();
    private bool logClosed;

    private FleetProcess(FleetRole role, string name, Process process, StreamWriter log, string logPath, Uri baseAddress)
    {
        Role = role;
        Name = name;
        this.process = process;
        this.log = log;
        LogPath = logPath;
        BaseAddress = baseAddress;
    }

    public FleetRole Role { get; }

    /// <summary>Also the process's <c>Worker:Id</c>, so a job row's <c>worker_id</c> names the process that ran it.</summary>
    public string Name { get; }

    public string LogPath { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    public static FleetProcess Start(FleetRole role, string name, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var dll = Path.Combine(TestServers.RepositoryRoot, role.ProjectDirectory, "bin", TestServers.BuildConfiguration, "net10.0", role.AssemblyFile);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} is missing: build it first (dotnet build tests/Integration.Tests -c {TestServers.BuildConfiguration}).");
        }
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo(TestServers.DotnetHost)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");

        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var started = new FleetProcess(role, name, process, log, logPath, baseAddress);
        process.OutputDataReceived += (_, e) => started.Write(e.Data);
        process.ErrorDataReceived += (_, e) => started.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Polls GET /health/ready until it answers 200; fails at once if the process exits.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before it was ready; log: {LogPath}");
            }
            try
            {
                using var response = await Probe.GetAsync(new Uri(BaseAddress, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s (last: {last}); log: {LogPath}");
    }

    /// <summary>SIGKILL to the process and its children: no drain, no goodbye, unacknowledged messages go back to the broker.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        Write($"--- killed by the test at {DateTimeOffset.UtcNow:O} ---");
    }

    /// <summary>
    /// SIGSTOP: the process freezes with its connections open, as a machine that vanished without a TCP reset would
    /// look to the broker. Only heartbeats reveal it.
    /// </summary>
    public async Task FreezeAsync(CancellationToken cancellationToken)
    {
        Write($"--- SIGSTOP from the test at {DateTimeOffset.UtcNow:O} ---");
        using var stop = System.Diagnostics.Process.Start("kill", ["-STOP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await stop.WaitForExitAsync(cancellationToken);
    }

    /// <summary>SIGTERM, as an orchestrator scaling in sends it; returns the exit code once the process has drained.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Write($"--- SIGTERM from the test at {DateTimeOffset.UtcNow:O} ---");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        lock (logLock)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    public override string ToString() => $"{Name}: {LogPath}";

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (logLock)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
