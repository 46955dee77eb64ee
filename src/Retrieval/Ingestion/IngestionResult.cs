namespace Fleet.Retrieval.Ingestion;

/// <summary>The result of <c>ingest.run</c>.</summary>
/// <param name="Documents">Documents in the source after the run.</param>
/// <param name="Chunks">Chunks embedded and stored by this run (0 when nothing changed).</param>
public sealed record IngestionResult(int Documents, int Chunks, int Added, int Updated, int Deleted, int Unchanged);
