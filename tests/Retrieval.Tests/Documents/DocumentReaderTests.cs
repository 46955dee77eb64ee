using System.Text;
using Fleet.Retrieval.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Fleet.Retrieval.Tests.Documents;

public sealed class DocumentReaderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Html_gives_the_title_and_visible_text_without_scripts_or_styles()
    {
        var html = "<html><head><title>Tides</title><style>p{color:red}</style><script>var secret = 1;</script></head>"
            + "<body><h1>Why tides</h1><p>The <b>Moon</b> pulls.</p><noscript>enable js</noscript></body></html>";

        var text = await new HtmlDocumentReader().ReadAsync(Encoding.UTF8.GetBytes(html), Cancellation);

        Assert.Equal("Tides\n\nWhy tides\nThe Moon pulls.", text);
    }

    [Fact]
    public async Task Pdf_gives_each_pages_words_in_order()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText("Smeaton built the tower.", 12, new PdfPoint(50, 700), font);
        builder.AddPage(PageSize.A4).AddText("It stands on Plymouth Hoe.", 12, new PdfPoint(50, 700), font);

        var text = await new PdfDocumentReader().ReadAsync(builder.Build(), Cancellation);

        Assert.Equal("Smeaton built the tower.\n\nIt stands on Plymouth Hoe.", text);
    }

    [Fact]
    public async Task Text_is_read_as_utf8_and_a_byte_order_mark_is_dropped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Crème brûlée")).ToArray();

        Assert.Equal("Crème brûlée", await new PlainTextReader().ReadAsync(bytes, Cancellation));
    }

    [Fact]
    public void Readers_are_chosen_by_extension_whatever_its_case()
    {
        var readers = new DocumentReaders([new PlainTextReader(), new HtmlDocumentReader(), new PdfDocumentReader()]);

        Assert.IsType<HtmlDocumentReader>(readers.For("/d/Page.HTML"));
        Assert.IsType<PdfDocumentReader>(readers.For("/d/a.pdf"));
        Assert.IsType<PlainTextReader>(readers.For("/d/notes.md"));
        Assert.False(readers.CanRead("/d/photo.jpg"));
    }
}
