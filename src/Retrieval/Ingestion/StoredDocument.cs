namespace Fleet.Retrieval.Ingestion;

/// <summary>What the catalog remembers of an ingested document: its fingerprint and how many chunks it stored.</summary>
public sealed record StoredDocument(string DocumentId, string Fingerprint, int Chunks);
