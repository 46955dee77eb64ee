namespace Fleet.Retrieval.Ingestion;

/// <summary>What one ingestion run has to do, decided from fingerprints alone before any file is read.</summary>
public sealed record IngestionPlan(
    IReadOnlyList<SourceFile> Added,
    IReadOnlyList<(SourceFile File, StoredDocument Previous)> Updated,
    IReadOnlyList<SourceFile> Unchanged,
    IReadOnlyList<StoredDocument> Deleted)
{
    /// <summary>Compares the files found with the documents stored: new, changed, unchanged and gone.</summary>
    public static IngestionPlan Create(IReadOnlyList<SourceFile> found, IReadOnlyDictionary<string, StoredDocument> stored)
    {
        var added = new List<SourceFile>();
        var updated = new List<(SourceFile, StoredDocument)>();
        var unchanged = new List<SourceFile>();
        foreach (var file in found)
        {
            if (!stored.TryGetValue(file.DocumentId, out var previous))
            {
                added.Add(file);
            }
            else if (previous.Fingerprint != file.Fingerprint)
            {
                updated.Add((file, previous));
            }
            else
            {
                unchanged.Add(file);
            }
        }
        var present = found.Select(f => f.DocumentId).ToHashSet(StringComparer.Ordinal);
        var deleted = stored.Values.Where(d => !present.Contains(d.DocumentId)).OrderBy(d => d.DocumentId, StringComparer.Ordinal).ToList();
        return new IngestionPlan(added, updated, unchanged, deleted);
    }
}
