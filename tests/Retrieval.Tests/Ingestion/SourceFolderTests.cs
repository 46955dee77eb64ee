using Fleet.Retrieval.Ingestion;

namespace Fleet.Retrieval.Tests.Ingestion;

public sealed class SourceFolderTests
{
    private static readonly string[] Sources = ["/srv/docs", "/srv/wiki/"];

    [Fact]
    public void Without_a_request_every_configured_source_is_read()
    {
        var folders = SourceFolder.Resolve(Sources, null);

        Assert.Equal([new SourceFolder("/srv/docs", "/srv/docs"), new SourceFolder("/srv/wiki", "/srv/wiki")], folders);
    }

    [Fact]
    public void A_folder_inside_a_source_is_read_with_that_source_as_its_root()
    {
        var folder = Assert.Single(SourceFolder.Resolve(Sources, "/srv/docs/guides/")!);

        Assert.Equal(new SourceFolder("/srv/docs", "/srv/docs/guides"), folder);
        Assert.Equal("docs/guides/", folder.IdPrefix);
        Assert.Equal("docs/guides/backups.md", folder.DocumentIdOf("/srv/docs/guides/backups.md"));
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/srv/docs/../secrets")]
    [InlineData("/srv/docsecrets")]
    public void A_folder_outside_every_source_is_refused(string requested) => Assert.Null(SourceFolder.Resolve(Sources, requested));

    [Fact]
    public void Document_ids_start_with_the_source_folder_name() =>
        Assert.Equal("docs/", SourceFolder.Resolve(Sources, "/srv/docs")![0].IdPrefix);
}
