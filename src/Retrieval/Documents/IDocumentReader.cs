namespace Fleet.Retrieval.Documents;

/// <summary>Extracts the plain text of one kind of document file.</summary>
public interface IDocumentReader
{
    /// <summary>File extensions served, lower case with the dot (<c>.md</c>).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>The document's text; <paramref name="content"/> is the whole file, already read for hashing.</summary>
    Task<string> ReadAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
