using Fleet.Embeddings;
using Fleet.Retrieval.Chunking;
using Fleet.Retrieval.Documents;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace Fleet.Retrieval.Ingestion;

/// <summary>
/// Brings the vector store in line with source folders. Unchanged files (same fingerprint) cost a hash; a changed file
/// overwrites its chunks in place and drops the surplus; a deleted file's chunks go. A document's catalog row is
/// written only after its chunks are stored, so a run cancelled half-way resumes where it stopped: what it finished
/// is unchanged next time, and what it was doing is redone. Each run ends by pruning the PostgreSQL store's old
/// deletion tombstones: ingestion is what writes them, so they never outgrow one retention window of deletes.
/// </summary>
public sealed class DocumentIngestor(
    SourceScanner scanner,
    DocumentReaders readers,
    TextChunker chunker,
    ITextEmbedder embedder,
    VectorStoreCollection<string, ChunkRecord> store,
    DocumentCatalog catalog,
    IOptions<IngestionOptions> options,
    ILogger<DocumentIngestor> logger)
{
    public async Task<IngestionResult> IngestAsync(IReadOnlyList<SourceFolder> sources, Func<IngestionProgress, Task> reportProgress, CancellationToken cancellationToken)
    {
        var plans = new List<(SourceFolder Source, IngestionPlan Plan, int Found)>();
        foreach (var source in sources)
        {
            var found = await scanner.ScanAsync(source, cancellationToken);
            var stored = await catalog.ListAsync(source.Root, source.IdPrefix, cancellationToken);
            plans.Add((source, IngestionPlan.Create(found, stored), found.Count));
        }

        var total = plans.Sum(p => p.Plan.Added.Count + p.Plan.Updated.Count + p.Plan.Deleted.Count);
        var done = 0;
        var chunks = 0;
        await reportProgress(new IngestionProgress(0, total, null));
        foreach (var (source, plan, _) in plans)
        {
            logger.LogInformation(
                "Ingesting {Folder}: {Added} added, {Updated} changed, {Deleted} deleted, {Unchanged} unchanged",
                source.Folder, plan.Added.Count, plan.Updated.Count, plan.Deleted.Count, plan.Unchanged.Count);
            var writes = plan.Added.Select(f => (File: f, PreviousChunks: 0)).Concat(plan.Updated.Select(u => (u.File, u.Previous.Chunks)));
            foreach (var (file, previousChunks) in writes)
            {
                chunks += await IngestFileAsync(source, file, previousChunks, cancellationToken);
                await reportProgress(new IngestionProgress(++done, total, file.DocumentId));
            }
            foreach (var gone in plan.Deleted)
            {
                await store.DeleteAsync(Enumerable.Range(0, gone.Chunks).Select(i => ChunkRecord.KeyFor(gone.DocumentId, i)), cancellationToken);
                await catalog.RemoveAsync(gone.DocumentId, cancellationToken);
                await reportProgress(new IngestionProgress(++done, total, gone.DocumentId));
            }
        }
        await PruneTombstonesAsync(cancellationToken);
        return new IngestionResult(
            Documents: plans.Sum(p => p.Found),
            Chunks: chunks,
            Added: plans.Sum(p => p.Plan.Added.Count),
            Updated: plans.Sum(p => p.Plan.Updated.Count),
            Deleted: plans.Sum(p => p.Plan.Deleted.Count),
            Unchanged: plans.Sum(p => p.Plan.Unchanged.Count));
    }

    private const string PendingFingerprint = "pending";

    private async Task PruneTombstonesAsync(CancellationToken cancellationToken)
    {
        // Pinecone keeps no copies to bring up to date, so it has no tombstones.
        if (store.GetService(typeof(PostgresChunkCollection)) is not PostgresChunkCollection postgres)
        {
            return;
        }
        var retention = TimeSpan.FromHours(options.Value.DeletionRetentionHours);
        var pruned = await postgres.PruneDeletionsAsync(retention, cancellationToken);
        if (pruned > 0)
        {
            logger.LogInformation("Pruned {Tombstones} deletion tombstones older than {RetentionHours} h from {Collection}", pruned, retention.TotalHours, store.Name);
        }
    }

    private async Task<int> IngestFileAsync(SourceFolder source, SourceFile file, int previousChunks, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(file.Path, cancellationToken);
        var text = await readers.For(file.Path).ReadAsync(content, cancellationToken);
        var pieces = chunker.Split(text);
        if (pieces.Count > previousChunks)
        {
            // Claim the larger key range first: if this run stops half-way, the next one knows which keys to clean.
            await catalog.RecordAsync(source.Root, file with { Fingerprint = PendingFingerprint }, pieces.Count, cancellationToken);
        }
        var batch = options.Value.EmbedBatchSize;
        for (var offset = 0; offset < pieces.Count; offset += batch)
        {
            var slice = pieces.Skip(offset).Take(batch).ToList();
            var vectors = await embedder.EmbedAsync(slice.Select(c => c.Text).ToList(), cancellationToken);
            await store.UpsertAsync(slice.Select((c, i) => new ChunkRecord
            {
                Key = ChunkRecord.KeyFor(file.DocumentId, c.Index),
                DocumentId = file.DocumentId,
                Chunk = c.Index,
                Text = c.Text,
                Embedding = vectors[i],
            }), cancellationToken);
        }
        if (previousChunks > pieces.Count)
        {
            await store.DeleteAsync(Enumerable.Range(pieces.Count, previousChunks - pieces.Count).Select(i => ChunkRecord.KeyFor(file.DocumentId, i)), cancellationToken);
        }
        await catalog.RecordAsync(source.Root, file, pieces.Count, cancellationToken);
        return pieces.Count;
    }
}
