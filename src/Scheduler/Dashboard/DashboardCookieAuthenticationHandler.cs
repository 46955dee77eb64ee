using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Security;
using Fleet.Security.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Dashboard;

/// <summary>
/// A browser's login: the cookie holds the admin API key it was given at /login, and every request validates it again
/// through Fleet.Security's <see cref="ApiKeyStore"/> (cached for seconds). So a revoked key logs its browsers out
/// within the cache time, and replicas share nothing but the database: no session store, no data-protection keys.
/// The cookie is HttpOnly (no script reads it) and SameSite=Strict (no other site's form can send it).
/// </summary>
public sealed class DashboardCookieAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DashboardCookie";
    public const string CookieName = "fleet_dashboard_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var presented) || string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }
        if (presented.Length > 512)
        {
            return AuthenticateResult.Fail("Malformed dashboard cookie.");
        }
        var key = await keys.FindAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var claims = new List<Claim> { new(Scopes.TenantClaim, key.TenantId) };
        claims.AddRange(key.Scopes.Select(s => new Claim(Scopes.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A browser is sent to the login page and back; anything else gets 401.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var acceptsHtml = Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (HttpMethods.IsGet(Request.Method) && acceptsHtml)
        {
            var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
            Response.Redirect(LoginEndpoints.LoginPath + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return Task.CompletedTask;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
