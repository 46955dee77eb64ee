namespace Fleet.Retrieval.Ingestion;

/// <summary>A document file found in a source folder, with the fingerprint that decides whether it is re-ingested.</summary>
/// <param name="DocumentId">The source folder's name and the path below it, '/'-separated: <c>corpus/guides/backups.md</c>.</param>
/// <param name="Fingerprint">SHA-256 of the bytes plus the chunking settings: a change to either re-ingests the file.</param>
public sealed record SourceFile(string DocumentId, string Path, string Fingerprint, long Bytes);
