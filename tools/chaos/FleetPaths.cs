namespace Fleet.Chaos;

/// <summary>Where the local fleet lives: the repository root (with ./fleet and .fleet/), its env file and pid files.</summary>
public sealed class FleetPaths
{
    public FleetPaths(string root)
    {
        Root = root;
        Script = Path.Combine(root, "fleet");
        RunDir = Path.Combine(root, ".fleet", "run");
        LogDir = Path.Combine(root, ".fleet", "logs");
        LedgerDir = Path.Combine(root, ".fleet", "ledger");
        var env = File.ReadAllLines(Path.Combine(root, ".fleet", "env"))
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        ApiUrl = env.GetValueOrDefault("FLEET_URL") ?? throw new InvalidOperationException("FLEET_URL missing in .fleet/env");
        ApiKey = env.GetValueOrDefault("FLEET_API_KEY") ?? throw new InvalidOperationException("FLEET_API_KEY missing in .fleet/env");
    }

    public string Root { get; }
    public string Script { get; }
    public string RunDir { get; }
    public string LogDir { get; }
    public string LedgerDir { get; }
    public string ApiUrl { get; }
    public string ApiKey { get; }

    /// <summary>The given directory, or the first one above the current directory or this binary that holds .fleet/env.</summary>
    public static FleetPaths Find(string? root)
    {
        if (root is not null)
        {
            return new FleetPaths(Path.GetFullPath(root));
        }
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, ".fleet", "env")) && File.Exists(Path.Combine(dir.FullName, "fleet")))
                {
                    return new FleetPaths(dir.FullName);
                }
            }
        }
        throw new InvalidOperationException("no .fleet/env found above the current directory: run ./fleet up first (or pass --root)");
    }

    /// <summary>Worker names whose supervisor is alive (worker-llm-1, worker-rl-2, ...).</summary>
    public IReadOnlyList<string> SupervisedWorkers() =>
        Directory.EnumerateFiles(RunDir, "worker-*.sup.pid")
            .Select(f => Path.GetFileName(f)[..^".sup.pid".Length])
            .Where(n => IsAlive(ReadPid(Path.Combine(RunDir, n + ".sup.pid"))))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The pid of a worker's process (not its supervisor), or null while it is being restarted.</summary>
    public int? WorkerPid(string name)
    {
        var pid = ReadPid(Path.Combine(RunDir, name + ".pid"));
        return IsAlive(pid) ? pid : null;
    }

    private static int? ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int? pid)
    {
        if (pid is not { } p)
        {
            return false;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(p);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
