using Fleet.LlmFixture;

// fleet-llm-fixture --out DIR [--seed N] [--layers N] [--d N] [--heads N] [--context N]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
if (args.Length % 2 != 0 || !options.TryGetValue("--out", out var folder))
{
    Console.Error.WriteLine("usage: Fleet.LlmFixture --out DIR [--seed 1234] [--layers 2] [--d 64] [--heads 4] [--context 256]");
    return 2;
}
try
{
    int Read(string name, int fallback) => options.TryGetValue(name, out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    var defaults = new FixtureModelSpec();
    var spec = new FixtureModelSpec
    {
        Seed = Read("--seed", defaults.Seed),
        Layers = Read("--layers", defaults.Layers),
        Embedding = Read("--d", defaults.Embedding),
        Heads = Read("--heads", defaults.Heads),
        Context = Read("--context", defaults.Context),
    };
    FixtureModelWriter.Write(spec, folder);
    Console.WriteLine($"wrote {Path.GetFullPath(folder)} ({spec.Layers} layers, d={spec.Embedding}, {spec.Heads} heads, context {spec.Context}, seed {spec.Seed})");
    return 0;
}
catch (Exception ex) when (ex is FormatException or ArgumentException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
