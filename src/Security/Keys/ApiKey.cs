namespace Fleet.Security.Keys;

/// <summary>A live API key as authentication sees it.</summary>
public sealed record ApiKey(Guid Id, string TenantId, IReadOnlyList<string> Scopes);
