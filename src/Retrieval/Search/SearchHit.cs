namespace Fleet.Retrieval.Search;

/// <summary>One retrieved chunk: which document, which chunk of it, its cosine similarity to the query, its text.</summary>
public sealed record SearchHit(string DocumentId, int Chunk, double Score, string Text);
