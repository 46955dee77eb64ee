namespace Fleet.Security.Keys;

/// <summary>The answer to POST /v1/keys: the only time the secret <see cref="Key"/> is shown.</summary>
public sealed record CreatedApiKey(Guid Id, string Key, string Tenant, IReadOnlyList<string> Scopes, string Name, DateTimeOffset CreatedAt);
