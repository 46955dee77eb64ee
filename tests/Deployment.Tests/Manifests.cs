using YamlDotNet.RepresentationModel;

namespace Fleet.Deployment.Tests;

/// <summary>Reads the files under compose/ as YAML trees (merge keys resolved) and walks them by path.</summary>
internal static class Manifests
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Compose(string relative) => Path.Combine(RepoRoot, "compose", relative);

    public static YamlMappingNode LoadCompose(string file) => (YamlMappingNode)Load(Compose(file)).Single();

    /// <summary>Every document of every YAML file under compose/k8s, with the file it came from.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Doc)> LoadK8s() =>
        Directory.GetFiles(Compose("k8s"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Load(file).Select(doc => (Path.GetFileName(file), doc)))
            .ToList();

    public static IEnumerable<YamlMappingNode> OfKind(this IEnumerable<(string File, YamlMappingNode Doc)> docs, string kind) =>
        docs.Where(d => d.Doc.Str("kind") == kind).Select(d => d.Doc);

    public static YamlNode? Get(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out current))
                return null;
        }
        return current;
    }

    public static YamlMappingNode? Map(this YamlNode node, params string[] path) => node.Get(path) as YamlMappingNode;

    public static IEnumerable<YamlNode> Seq(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlSequenceNode seq ? seq.Children : [];

    public static string? Str(this YamlNode node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode map) =>
        map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value!, kv.Value));

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
            stream.Load(reader);
        return stream.Documents
            .Where(d => d.RootNode is YamlMappingNode)
            .Select(d => (YamlMappingNode)ResolveMerges(d.RootNode))
            .ToList();
    }

    /// <summary>Applies YAML merge keys (<c>&lt;&lt;: *anchor</c>), which YamlStream leaves as ordinary keys.</summary>
    private static YamlNode ResolveMerges(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var result = new YamlMappingNode();
                foreach (var (key, value) in map.Children)
                {
                    if (key is YamlScalarNode { Value: "<<" })
                    {
                        var sources = value is YamlSequenceNode many ? many.Children : [value];
                        foreach (var source in sources.Select(ResolveMerges).OfType<YamlMappingNode>())
                            foreach (var (k, v) in source.Children)
                                if (!map.Children.ContainsKey(k) && !result.Children.ContainsKey(k))
                                    result.Add(k, v);
                    }
                    else
                    {
                        result.Children[key] = ResolveMerges(value);
                    }
                }
                return result;
            case YamlSequenceNode seq:
                return new YamlSequenceNode(seq.Children.Select(ResolveMerges));
            default:
                return node;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}.");
    }
}
