using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Fleet.Chaos;

/// <summary>A SIGKILL of one worker and the jobs the database had as running on it just before.</summary>
public sealed record Kill(string Worker, int Pid, DateTimeOffset At, IReadOnlyList<Guid> RunningJobs);

/// <summary>
/// The faults: SIGKILL a random worker every few seconds (the ./fleet supervisor restarts it; if the supervisor is gone
/// too, <c>./fleet scale</c> starts a replacement), one RabbitMQ stop_app/start_app and one PostgreSQL restart.
/// </summary>
public sealed class ChaosMonkey(FleetPaths paths, NpgsqlDataSource db, ChaosOptions options)
{
    private readonly Random random = new(options.Seed ^ 0x5eed);
    private readonly Dictionary<string, int> maxIndexByKind = [];

    public ConcurrentQueue<Kill> Kills { get; } = new();
    public ConcurrentQueue<string> Notes { get; } = new();

    /// <summary>From the stop_app request to the end of start_app: kills in here cannot be re-dispatched until it ends.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? BrokerOutage { get; private set; }

    public void RememberScale()
    {
        foreach (var name in paths.SupervisedWorkers())
        {
            var cut = name.LastIndexOf('-');
            var kind = name[..cut];
            var index = int.Parse(name[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            maxIndexByKind[kind] = Math.Max(maxIndexByKind.GetValueOrDefault(kind), index);
        }
    }

    public async Task KillWorkersAsync(CancellationToken cancellationToken)
    {
        if (options.KillEverySeconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.KillEverySeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await EnsureSupervisedAsync(cancellationToken);
                var candidates = paths.SupervisedWorkers().Select(n => (Name: n, Pid: paths.WorkerPid(n))).Where(w => w.Pid is not null).ToList();
                if (candidates.Count == 0)
                {
                    Note("no live worker to kill this tick (all restarting)");
                    continue;
                }
                var (name, pid) = candidates[random.Next(candidates.Count)];
                var running = await RunningOnAsync(name, cancellationToken);
                try
                {
                    using var process = Process.GetProcessById(pid!.Value);
                    process.Kill(); // SIGKILL on Unix
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    Note($"kill {name} ({pid}) failed: {ex.Message}");
                    continue;
                }
                Kills.Enqueue(new Kill(name, pid.Value, DateTimeOffset.UtcNow, running));
                Note($"SIGKILL {name} pid {pid} ({running.Count} job(s) running on it)");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>stop_app, hold the outage, start_app: the node stays up, every AMQP connection drops.</summary>
    public async Task RestartBrokerAsync(CancellationToken cancellationToken)
    {
        Note("rabbitmq: stop_app");
        var from = DateTimeOffset.UtcNow;
        await FleetAsync(cancellationToken, "infra", "rabbitmq-stop-app");
        await Task.Delay(TimeSpan.FromSeconds(options.BrokerOutageSeconds), cancellationToken);
        Note("rabbitmq: start_app");
        await FleetAsync(cancellationToken, "infra", "rabbitmq-start-app");
        BrokerOutage = (from, DateTimeOffset.UtcNow);
        Note("rabbitmq: back");
    }

    public async Task RestartDatabaseAsync(CancellationToken cancellationToken)
    {
        Note("postgres: restart -m fast");
        await FleetAsync(cancellationToken, "infra", "postgres-restart");
        NpgsqlConnection.ClearAllPools();
        Note("postgres: back");
    }

    private async Task EnsureSupervisedAsync(CancellationToken cancellationToken)
    {
        var alive = paths.SupervisedWorkers().ToHashSet();
        foreach (var (kind, max) in maxIndexByKind)
        {
            if (Enumerable.Range(1, max).Any(i => !alive.Contains($"{kind}-{i}")))
            {
                Note($"{kind}: a supervisor is gone; ./fleet scale {kind}={max}");
                await FleetAsync(cancellationToken, "scale", $"{kind}={max}");
            }
        }
    }

    private async Task<IReadOnlyList<Guid>> RunningOnAsync(string worker, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT id FROM jobs WHERE state = 'running' AND worker_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = worker });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var ids = new List<Guid>();
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
            }
            return ids;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return []; // the database is being restarted; this kill just goes unmeasured
        }
    }

    private async Task FleetAsync(CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(paths.Script) { WorkingDirectory = paths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ./fleet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            Note($"./fleet {string.Join(' ', args)} exited {process.ExitCode}: {(await stdout).Trim()} {(await stderr).Trim()}");
        }
    }

    private void Note(string message)
    {
        var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {message}";
        Notes.Enqueue(line);
        Console.Error.WriteLine($"chaos: {line}");
    }
}
