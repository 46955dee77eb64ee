using System.Globalization;

namespace Fleet.Chaos;

/// <summary>Command-line options of the chaos harness.</summary>
public sealed record ChaosOptions
{
    public int Jobs { get; init; } = 10_000;
    public double KillEverySeconds { get; init; } = 5;
    public bool BrokerRestart { get; init; } = true;
    public bool DatabaseRestart { get; init; } = true;
    public int DeadlineSeconds { get; init; } = 900;
    public int Seed { get; init; } = 42;
    public int MaxSleepMs { get; init; } = 200;
    /// <summary>Percent of jobs that sleep 1–3 s instead, so some are running (and reported so) when a worker dies.</summary>
    public int LongPercent { get; init; } = 5;
    public int SubmitConcurrency { get; init; } = 16;
    /// <summary>Submits per second (0: as fast as the API takes them); a slow trickle keeps work in flight during the faults.</summary>
    public double SubmitRate { get; init; }
    public int BrokerOutageSeconds { get; init; } = 5;
    public string? Root { get; init; }

    public const string Usage = """
        usage: Fleet.Chaos [--jobs N] [--kill-every-seconds S] [--no-broker-restart] [--no-database-restart]
                           [--deadline-seconds S] [--seed N] [--max-sleep-ms MS] [--long-percent P]
                           [--submit-concurrency N] [--submit-rate PER_SECOND] [--broker-outage-seconds S] [--root DIR]
        Runs against a fleet started by ./fleet up; prints one line:
          submitted=N succeeded=N lost=N doubled=N stuck=N seconds=S
        Exit code 0 only when lost, doubled and stuck are all 0. Env FLEET_CHAOS_POSTGRES overrides the connection string.
        """;

    public static ChaosOptions Parse(string[] args)
    {
        var o = new ChaosOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            o = arg switch
            {
                "--jobs" => o with { Jobs = Int() },
                "--kill-every-seconds" => o with { KillEverySeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--no-broker-restart" => o with { BrokerRestart = false },
                "--no-database-restart" => o with { DatabaseRestart = false },
                "--deadline-seconds" => o with { DeadlineSeconds = Int() },
                "--seed" => o with { Seed = Int() },
                "--max-sleep-ms" => o with { MaxSleepMs = Int() },
                "--long-percent" => o with { LongPercent = Int() },
                "--submit-concurrency" => o with { SubmitConcurrency = Int() },
                "--submit-rate" => o with { SubmitRate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--broker-outage-seconds" => o with { BrokerOutageSeconds = Int() },
                "--root" => o with { Root = Value() },
                _ => throw new ArgumentException($"unknown argument '{arg}'"),
            };
        }
        if (o.Jobs < 1 || o.KillEverySeconds < 0 || o.DeadlineSeconds < 1 || o.LongPercent is < 0 or > 100 || o.SubmitConcurrency < 1 || o.SubmitRate < 0)
        {
            throw new ArgumentException("out-of-range option");
        }
        return o;
    }
}
