using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Security.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api-key&gt;</c> against the hashed keys in PostgreSQL.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }
        if (presented.Length is 0 or > 512)
        {
            return AuthenticateResult.Fail("Malformed bearer token.");
        }
        var key = await keys.FindAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var claims = new List<Claim> { new(Scopes.TenantClaim, key.TenantId), new(Scopes.CredentialClaim, "key:" + key.Id) };
        claims.AddRange(key.Scopes.Select(s => new Claim(Scopes.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
