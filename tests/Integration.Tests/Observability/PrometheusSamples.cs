using System.Globalization;

namespace Fleet.Integration.Tests.Observability;

/// <summary>One scrape of a Prometheus text exposition: each sample's value by metric name and labels.</summary>
public sealed class PrometheusSamples(string exposition)
{
    private readonly string[] lines = exposition.Split('\n');

    /// <summary>The sample <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when absent (a counter not yet moved).</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        foreach (var line in lines)
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                continue;
            }
            var close = line.LastIndexOf('}');
            if (labels.All(l => line.AsSpan(0, close).Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line[(close + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
