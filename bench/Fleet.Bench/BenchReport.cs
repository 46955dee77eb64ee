using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench;

/// <summary>
/// Every figure of one run: printed as it is measured (one <c>RESULT</c> line each, easy to grep from the tee'd log)
/// and written at the end to bench/results as JSON and markdown.
/// </summary>
public sealed class BenchReport(string mode)
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public void Add(string key, double value, string unit, string detail = "")
    {
        _figures.Add(new Figure(key, Math.Round(value, 2), unit, detail));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {key} = {value:0.##} {unit}{(detail.Length > 0 ? "  (" + detail + ")" : "")}"));
    }

    public void Note(string text)
    {
        _notes.Add(text);
        Console.WriteLine("NOTE " + text);
    }

    public double? Value(string key) => _figures.LastOrDefault(f => f.Key == key)?.Value;

    public async Task<string> WriteAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, StartedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + mode);
        var document = new
        {
            mode,
            startedAt = StartedAt,
            finishedAt = DateTimeOffset.UtcNow,
            machine = MachineInfo.Describe(),
            figures = _figures,
            notes = _notes,
        };
        await File.WriteAllTextAsync(stem + ".json",
            JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);

        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Fleet benchmark: {mode}, {StartedAt:yyyy-MM-dd HH:mm:ss} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {MachineInfo.Describe()}")
            .AppendLine()
            .AppendLine("| figure | value | unit | detail |")
            .AppendLine("|---|---:|---|---|");
        foreach (var f in _figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Key} | {f.Value:0.##} | {f.Unit} | {f.Detail} |");
        }

        foreach (var note in _notes)
        {
            md.AppendLine().AppendLine("- " + note);
        }

        await File.WriteAllTextAsync(stem + ".md", md.ToString(), ct);
        return stem;
    }

    public sealed record Figure(string Key, double Value, string Unit, string Detail);
}
