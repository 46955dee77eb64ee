namespace Fleet.Api.Search;

/// <summary>The body of POST /v1/search, once validated.</summary>
public sealed record SearchRequest(string Query, int TopK);
