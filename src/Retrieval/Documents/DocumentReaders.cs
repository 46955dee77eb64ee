namespace Fleet.Retrieval.Documents;

/// <summary>Picks the reader for a file by its extension; files no reader serves are not documents and are skipped.</summary>
public sealed class DocumentReaders(IEnumerable<IDocumentReader> readers)
{
    private readonly Dictionary<string, IDocumentReader> byExtension = readers
        .SelectMany(r => r.Extensions.Select(e => (Extension: e, Reader: r)))
        .ToDictionary(p => p.Extension, p => p.Reader, StringComparer.OrdinalIgnoreCase);

    public bool CanRead(string path) => byExtension.ContainsKey(Path.GetExtension(path));

    public IDocumentReader For(string path) =>
        byExtension.TryGetValue(Path.GetExtension(path), out var reader)
            ? reader
            : throw new NotSupportedException($"No reader for {Path.GetExtension(path)} files.");
}
