using System.Text;

namespace Fleet.Retrieval.Documents;

/// <summary>
/// .txt and .md as UTF-8 (a byte-order mark is honoured). Markdown is kept as written: its markup is a few
/// characters per line, and MiniLM embeds headings and lists well enough as they stand.
/// </summary>
public sealed class PlainTextReader : IDocumentReader
{
    public IReadOnlyList<string> Extensions { get; } = [".txt", ".md", ".markdown"];

    public Task<string> ReadAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(new MemoryStream(content.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEndAsync(cancellationToken);
    }
}
