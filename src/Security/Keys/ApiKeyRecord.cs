namespace Fleet.Security.Keys;

/// <summary>An API key as an operator lists it: never the key itself, which exists only in the create answer.</summary>
public sealed record ApiKeyRecord(Guid Id, string Tenant, IReadOnlyList<string> Scopes, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
