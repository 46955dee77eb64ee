using UglyToad.PdfPig;

namespace Fleet.Retrieval.Documents;

/// <summary>.pdf through PdfPig: each page's words in reading order, pages separated by blank lines.</summary>
public sealed class PdfDocumentReader : IDocumentReader
{
    public IReadOnlyList<string> Extensions { get; } = [".pdf"];

    public Task<string> ReadAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var document = PdfDocument.Open(content.ToArray());
        var pages = new List<string>(document.NumberOfPages);
        foreach (var page in document.GetPages())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Words, not page.Text: PdfPig's raw letters carry no spaces where the PDF positions glyphs apart.
            pages.Add(string.Join(' ', page.GetWords().Select(w => w.Text)));
        }
        return Task.FromResult(string.Join("\n\n", pages));
    }
}
