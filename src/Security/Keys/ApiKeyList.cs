namespace Fleet.Security.Keys;

/// <summary>The answer to GET /v1/keys.</summary>
public sealed record ApiKeyList(IReadOnlyList<ApiKeyRecord> Items);
