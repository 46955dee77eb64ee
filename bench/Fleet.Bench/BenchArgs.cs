using System.Globalization;

namespace Fleet.Bench;

/// <summary>
/// The command line: a mode first, then <c>--name value</c> options and bare <c>--flag</c>s. An unknown option is an
/// error, so a typo such as <c>--job 100</c> cannot silently run the 20,000-job default.
/// </summary>
public sealed class BenchArgs
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "jobs", "messages", "rate", "seconds", "workers", "enqueue-threads", "poll-ms", "long-polling",
        "concurrency", "prefetch", "inflight", "quorum", "warmup", "backlog", "timeout", "child-timeout",
        "queue", "exchange",
    };

    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(IReadOnlyList<string> args)
    {
        var first = 0;
        Mode = "all";
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Mode = args[0];
            first = 1;
        }

        for (var i = first; i < args.Count; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !Known.Contains(name))
            {
                throw new ArgumentException($"unknown argument '{args[i]}' (options: --{string.Join(", --", Known)})");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _options[name] = hasValue ? args[++i] : null;
        }
    }

    public string Mode { get; }

    public int Number(string name, int fallback) =>
        _options.TryGetValue(name, out var value) && value is not null
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : fallback;

    public string Text(string name, string fallback) =>
        _options.TryGetValue(name, out var value) && value is not null ? value : fallback;

    public bool Flag(string name) => _options.ContainsKey(name);
}
