namespace Fleet.Retrieval.Ingestion;

/// <summary>How far a run is: documents handled out of those it has to read, delete or skip.</summary>
public sealed record IngestionProgress(int Done, int Total, string? Current)
{
    public double Percent => Total == 0 ? 100 : 100.0 * Done / Total;
}
