using Fleet.Security;
using Fleet.Security.Keys;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Dashboard;

/// <summary>
/// GET/POST /login and POST /logout: a browser trades an admin API key for the login cookie read by
/// <see cref="DashboardCookieAuthenticationHandler"/>.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";
    private const string DefaultReturnUrl = "/dashboard";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (string? returnUrl) => LoginPage(SafeReturnUrl(returnUrl), error: null)).AllowAnonymous();
        app.MapPost(LoginPath, LoginAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/logout", Logout).AllowAnonymous().DisableAntiforgery();
        app.MapGet("/", () => Results.Redirect(DefaultReturnUrl)).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, ApiKeyStore keys, IOptions<OperatorDashboardOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!IsSameOrigin(http.Request))
        {
            return Results.Problem("A login must come from this dashboard's own page.", statusCode: StatusCodes.Status403Forbidden);
        }
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem("Post the login form (application/x-www-form-urlencoded).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        var presented = form["key"].ToString().Trim();
        var key = presented.Length is > 0 and <= 512 ? await keys.FindAsync(presented, cancellationToken) : null;
        if (key is null || !key.Scopes.Contains(Scopes.Admin))
        {
            return LoginPage(returnUrl, "That key is unknown, revoked, or lacks the admin scope.", StatusCodes.Status401Unauthorized);
        }
        var settings = options.Value;
        http.Response.Cookies.Append(DashboardCookieAuthenticationHandler.CookieName, presented, new CookieOptions
        {
            HttpOnly = true,
            Secure = settings.SecureCookie || http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Expires = clock.GetUtcNow() + settings.LoginLifetime,
        });
        return Results.Redirect(returnUrl, permanent: false, preserveMethod: false);
    }

    private static IResult Logout(HttpContext http)
    {
        if (!IsSameOrigin(http.Request))
        {
            return Results.Problem("A logout must come from this dashboard's own page.", statusCode: StatusCodes.Status403Forbidden);
        }
        http.Response.Cookies.Delete(DashboardCookieAuthenticationHandler.CookieName, new CookieOptions { Path = "/" });
        return Results.Redirect(LoginPath);
    }

    private static IResult LoginPage(string returnUrl, string? error, int statusCode = StatusCodes.Status200OK) => DashboardHtml.Page("Log in", $"""
        <h1>Log in to the Fleet dashboard</h1>
        {(error is null ? "" : $"<p class=\"error\" id=\"login-error\">{DashboardHtml.Encode(error)}</p>")}
        <form method="post" action="{LoginPath}">
          <input type="hidden" name="returnUrl" value="{DashboardHtml.Encode(returnUrl)}">
          <label>Admin API key <input type="password" name="key" id="key" autocomplete="off" size="48" required></label>
          <button type="submit" id="login">Log in</button>
        </form>
        <p class="muted">The key is kept in an HttpOnly cookie for this site only and checked again on every request.</p>
        """, signedIn: false, statusCode);

    /// <summary>Only a path on this site, so a crafted link cannot bounce a fresh login elsewhere.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\') ? url : DefaultReturnUrl;

    /// <summary>
    /// A browser names the page a form was posted from; one from another origin is refused (login CSRF). Clients that
    /// send no Origin (curl) are not browsers carrying someone's cookie.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
