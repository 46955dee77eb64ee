namespace Fleet.Api.Search;

/// <summary>POST /v1/search: the nearest chunks, best first.</summary>
public sealed record SearchResponse(IReadOnlyList<SearchItem> Items);

/// <summary>One retrieved chunk: <c>score</c> is its cosine similarity to the query, from -1 to 1.</summary>
public sealed record SearchItem(string DocumentId, int Chunk, double Score, string Text);
