namespace Fleet.Security.Jwt;

/// <summary>
/// JWT bearer tokens from a team's identity provider, as the alternative to API keys. Off while
/// <see cref="SigningKey"/> is empty. A token's <see cref="ScopeClaim"/> (space-separated, or repeated) and
/// <see cref="TenantClaim"/> map onto the same scopes and tenant an API key carries.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>HMAC-SHA256 shared secret, at least 32 bytes. Empty: JWT bearer is off.</summary>
    public string? SigningKey { get; set; }

    public string ScopeClaim { get; set; } = "scope";

    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Tolerated clock difference with the token issuer.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrEmpty(SigningKey);
}
