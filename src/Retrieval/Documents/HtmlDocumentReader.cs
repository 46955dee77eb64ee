using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Fleet.Retrieval.Documents;

/// <summary>
/// .html through AngleSharp's HTML5 parser: the title, then the body's visible text one block per line (so a heading
/// and the paragraph after it do not run together into one word), scripts and styles left out.
/// </summary>
public sealed class HtmlDocumentReader : IDocumentReader
{
    private const string Hidden = "script, style, noscript, template";
    private const string Blocks = "p, div, h1, h2, h3, h4, h5, h6, li, dt, dd, br, tr, td, th, pre, blockquote, section, article, header, footer, nav, aside, main, figcaption, table, ul, ol";

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm"];

    public async Task<string> ReadAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var parser = new HtmlParser();
        using var document = await parser.ParseDocumentAsync(new MemoryStream(content.ToArray()), cancellationToken);
        foreach (var hidden in document.QuerySelectorAll(Hidden).ToList())
        {
            hidden.Remove();
        }
        foreach (var block in document.QuerySelectorAll(Blocks).ToList())
        {
            block.After(document.CreateTextNode("\n"));
        }
        var lines = (document.Body?.TextContent ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        var body = string.Join('\n', lines);
        return string.IsNullOrWhiteSpace(document.Title) ? body : document.Title.Trim() + "\n\n" + body;
    }
}
