using Fleet.Embeddings;
using Fleet.Retrieval.Chunking;
using Fleet.Retrieval.Documents;
using Fleet.Retrieval.Ingestion;
using Fleet.Retrieval.Search;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace Fleet.Integration.Tests.Retrieval;

/// <summary>Incremental ingestion into the real PostgreSQL store, with the real MiniLM embedder.</summary>
public sealed class DocumentIngestorTests(FleetServers fleet) : FleetTest(fleet)
{
    private readonly string collection = "it-" + Guid.NewGuid().ToString("N")[..12];
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("ingest-");

    [Fact]
    public async Task Unchanged_files_cost_nothing_changed_files_replace_their_chunks_and_deleted_files_lose_theirs()
    {
        using var cleanup = new FolderCleanup(folder);
        using var model = NewModel();
        using var store = new PostgresVectorStore(Fleet.Database.DataSource);
        Write("backups.md", "# Backups\n\n" + string.Join(' ', Enumerable.Repeat("Backups are taken nightly with pg_dump in the custom format and verified by a restore.", 30)));
        Write("tides.txt", "Tides are caused by the Moon's gravity pulling on the oceans.");
        Write("bread.html", "<html><head><title>Bread</title></head><body><p>Sourdough rises with a starter of wild yeast.</p></body></html>");
        var embedder = new CountingEmbedder(model);

        var first = await IngestAsync(store, embedder, Cancellation);
        var embeddedFirst = embedder.TextsEmbedded;
        var second = await IngestAsync(store, embedder, Cancellation);
        Write("tides.txt", "Spring tides happen when the Sun and the Moon line up.");
        File.Delete(Path.Combine(folder.FullName, "bread.html"));
        Write("espresso.txt", "Espresso is brewed at nine bars of pressure.");
        var third = await IngestAsync(store, embedder, Cancellation);

        Assert.Equal(new IngestionResult(Documents: 3, Chunks: embeddedFirst, Added: 3, Updated: 0, Deleted: 0, Unchanged: 0), first);
        Assert.True(embeddedFirst >= 4, $"backups.md should span several chunks; {embeddedFirst} chunks in all");
        Assert.Equal(new IngestionResult(Documents: 3, Chunks: 0, Added: 0, Updated: 0, Deleted: 0, Unchanged: 3), second);
        Assert.Equal(new IngestionResult(Documents: 3, Chunks: 2, Added: 1, Updated: 1, Deleted: 1, Unchanged: 1), third);
        Assert.Equal(embeddedFirst + 2, embedder.TextsEmbedded);
        var prefix = folder.Name + "/";
        Assert.Equal(
            [(prefix + "backups.md", embeddedFirst - 2), (prefix + "espresso.txt", 1), (prefix + "tides.txt", 1)],
            await StoredChunksAsync());
        var hits = await new ChunkSearcher(model, Collection(store)).SearchAsync("When are tides strongest?", 1, Cancellation);
        Assert.Equal((prefix + "tides.txt", "Spring tides happen when the Sun and the Moon line up."), (hits[0].DocumentId, hits[0].Text));
    }

    [Fact]
    public async Task A_cancelled_run_resumes_where_it_stopped()
    {
        using var cleanup = new FolderCleanup(folder);
        using var model = NewModel();
        using var store = new PostgresVectorStore(Fleet.Database.DataSource);
        for (var i = 0; i < 6; i++)
        {
            Write($"note{i}.txt", $"Note number {i} is about subject {i * 11}.");
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var embedder = new CountingEmbedder(model) { CancelAfter = cancel, CancelAfterCalls = 3 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => IngestAsync(store, embedder, cancel.Token));
        var resumed = await IngestAsync(store, new CountingEmbedder(model), Cancellation);

        // Notes 0 and 1 were finished; note 2 was embedded but not stored, so it is redone as an update.
        Assert.Equal(new IngestionResult(Documents: 6, Chunks: 4, Added: 3, Updated: 1, Deleted: 0, Unchanged: 2), resumed);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => ($"{folder.Name}/note{i}.txt", 1)), await StoredChunksAsync());
    }

    [Fact]
    public async Task A_run_prunes_the_tombstones_older_than_the_retention_window()
    {
        using var cleanup = new FolderCleanup(folder);
        using var model = NewModel();
        using var store = new PostgresVectorStore(Fleet.Database.DataSource);
        Write("old.txt", "A note deleted long ago.");
        Write("recent.txt", "A note deleted just now.");
        Write("kept.txt", "A note that stays.");
        await IngestAsync(store, new CountingEmbedder(model), Cancellation);
        File.Delete(Path.Combine(folder.FullName, "old.txt"));
        await IngestAsync(store, new CountingEmbedder(model), Cancellation);
        await Fleet.Database.ExecuteAsync("UPDATE vector_deletions SET deleted_at = now() - interval '8 days' WHERE collection = $1", [collection], Cancellation);
        File.Delete(Path.Combine(folder.FullName, "recent.txt"));

        var result = await IngestAsync(store, new CountingEmbedder(model), Cancellation);

        Assert.Equal(new IngestionResult(Documents: 1, Chunks: 0, Added: 0, Updated: 0, Deleted: 1, Unchanged: 1), result);
        Assert.Equal(ChunkRecord.KeyFor(folder.Name + "/recent.txt", 0), await Fleet.Database.ScalarAsync<string>(
            "SELECT string_agg(key, ',') FROM vector_deletions WHERE collection = $1", [collection], Cancellation));
        Assert.Equal(1, await Fleet.Database.ScalarAsync<long>("SELECT count(*) FROM vector_prunes WHERE collection = $1", [collection], Cancellation));
    }

    private static MiniLmEmbedder NewModel() => new(Options.Create(new EmbeddingOptions()), NullLogger<MiniLmEmbedder>.Instance);

    private VectorStoreCollection<string, ChunkRecord> Collection(PostgresVectorStore store) => store.GetCollection<string, ChunkRecord>(collection);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder.FullName, name), text);

    private Task<IngestionResult> IngestAsync(PostgresVectorStore store, ITextEmbedder embedder, CancellationToken cancellationToken)
    {
        var chunking = Options.Create(new ChunkingOptions { MaxTokens = 64, OverlapTokens = 8 });
        var ingestion = Options.Create(new IngestionOptions { Sources = [folder.FullName] });
        var readers = new DocumentReaders([new PlainTextReader(), new HtmlDocumentReader(), new PdfDocumentReader()]);
        var ingestor = new DocumentIngestor(
            new SourceScanner(readers, ingestion, chunking, NullLogger<SourceScanner>.Instance),
            readers,
            new TextChunker(MiniLmTokenizer.Create(), chunking),
            embedder,
            Collection(store),
            new DocumentCatalog(Fleet.Database.DataSource),
            ingestion,
            NullLogger<DocumentIngestor>.Instance);
        return ingestor.IngestAsync(SourceFolder.Resolve([folder.FullName], null)!, _ => Task.CompletedTask, cancellationToken);
    }

    private async Task<List<(string Document, int Chunks)>> StoredChunksAsync()
    {
        await using var command = Fleet.Database.DataSource.CreateCommand(
            "SELECT document_id, count(*)::int FROM vector_chunks WHERE collection = $1 GROUP BY document_id ORDER BY document_id");
        command.Parameters.Add(new NpgsqlParameter { Value = collection });
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new List<(string, int)>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return rows;
    }

    private sealed class FolderCleanup(DirectoryInfo folder) : IDisposable
    {
        public void Dispose() => folder.Delete(recursive: true);
    }
}
