using System.ComponentModel.DataAnnotations;

namespace Fleet.Retrieval.Ingestion;

/// <summary>What <c>ingest.run</c> reads (section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// Folders of .md, .txt, .html and .pdf files, read recursively. A job's <c>input.source</c> must be one of them
    /// or a folder inside one: a job submitter never gets a worker to read an arbitrary path.
    /// </summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>Chunks sent to the embedder at once.</summary>
    [Range(1, 1024)] public int EmbedBatchSize { get; set; } = 32;

    /// <summary>Files larger than this are skipped with a warning (a stray video in a docs folder is not a document).</summary>
    [Range(1, long.MaxValue)] public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Hours the PostgreSQL vector store keeps a deleted chunk's tombstone; each run prunes older ones. A process whose
    /// in-memory copy has not synced (searched) for longer than this reloads it in full on its next search.
    /// </summary>
    [Range(1, 24 * 365)] public int DeletionRetentionHours { get; set; } = 7 * 24;
}
