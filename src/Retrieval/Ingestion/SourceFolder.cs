namespace Fleet.Retrieval.Ingestion;

/// <summary>A folder to ingest: <paramref name="Root"/> is the configured source it belongs to, <paramref name="Folder"/> it or a folder inside it.</summary>
public sealed record SourceFolder(string Root, string Folder)
{
    /// <summary>Prefix of the ids of documents under <see cref="Folder"/>: the root's name, then the path below it.</summary>
    public string IdPrefix
    {
        get
        {
            var below = Path.GetRelativePath(Root, Folder).Replace('\\', '/');
            return below == "." ? Path.GetFileName(Root) + "/" : $"{Path.GetFileName(Root)}/{below}/";
        }
    }

    public string DocumentIdOf(string path) => Path.GetFileName(Root) + "/" + Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>
    /// The folders a run reads: every configured source, or the one <paramref name="requested"/> names when it is a
    /// configured source or lies inside one. Null when it lies outside them all (the job's input is then invalid).
    /// </summary>
    public static IReadOnlyList<SourceFolder>? Resolve(IReadOnlyList<string> sources, string? requested)
    {
        var roots = sources.Select(s => Path.TrimEndingDirectorySeparator(Path.GetFullPath(s))).ToList();
        if (requested is null)
        {
            return roots.Select(r => new SourceFolder(r, r)).ToList();
        }
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(requested));
        var root = roots.FirstOrDefault(r => folder == r || folder.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return root is null ? null : [new SourceFolder(root, folder)];
    }
}
