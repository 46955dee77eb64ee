using Fleet.Retrieval.Ingestion;

namespace Fleet.Retrieval.Tests.Ingestion;

public sealed class IngestionPlanTests
{
    [Fact]
    public void Files_are_added_updated_unchanged_or_deleted_by_fingerprint()
    {
        var found = new[]
        {
            new SourceFile("docs/new.md", "/d/new.md", "sha256:1", 10),
            new SourceFile("docs/changed.md", "/d/changed.md", "sha256:2b", 10),
            new SourceFile("docs/same.md", "/d/same.md", "sha256:3", 10),
        };
        var stored = new Dictionary<string, StoredDocument>
        {
            ["docs/changed.md"] = new("docs/changed.md", "sha256:2a", 4),
            ["docs/same.md"] = new("docs/same.md", "sha256:3", 2),
            ["docs/gone.md"] = new("docs/gone.md", "sha256:9", 3),
        };

        var plan = IngestionPlan.Create(found, stored);

        Assert.Equal(["docs/new.md"], plan.Added.Select(f => f.DocumentId));
        Assert.Equal([("docs/changed.md", 4)], plan.Updated.Select(u => (u.File.DocumentId, u.Previous.Chunks)));
        Assert.Equal(["docs/same.md"], plan.Unchanged.Select(f => f.DocumentId));
        Assert.Equal(["docs/gone.md"], plan.Deleted.Select(d => d.DocumentId));
    }

    [Fact]
    public void A_document_left_pending_by_an_interrupted_run_is_updated()
    {
        var found = new[] { new SourceFile("docs/a.md", "/d/a.md", "sha256:1", 10) };
        var stored = new Dictionary<string, StoredDocument> { ["docs/a.md"] = new("docs/a.md", "pending", 7) };

        var plan = IngestionPlan.Create(found, stored);

        Assert.Equal(7, Assert.Single(plan.Updated).Previous.Chunks);
        Assert.Empty(plan.Added);
    }
}
