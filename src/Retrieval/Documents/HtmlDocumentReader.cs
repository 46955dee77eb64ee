using AngleSharp.Html.Parser;

namespace Fleet.Retrieval.Documents;

/// <summary>.html through AngleSharp's HTML5 parser: the title and the body's visible text, scripts and styles left out.</summary>
public sealed class HtmlDocumentReader : IDocumentReader
{
    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm"];

    public async Task<string> ReadAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var parser = new HtmlParser();
        using var document = await parser.ParseDocumentAsync(new MemoryStream(content.ToArray()), cancellationToken);
        foreach (var hidden in document.QuerySelectorAll("script, style, noscript, template").ToList())
        {
            hidden.Remove();
        }
        var body = document.Body?.TextContent ?? string.Empty;
        return string.IsNullOrWhiteSpace(document.Title) ? body : document.Title + "\n\n" + body;
    }
}
