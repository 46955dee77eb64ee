using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Fleet.Security.Jwt;

/// <summary>Turns a validated token's claims into the principal an API key produces: one tenant claim and one claim per scope.</summary>
public static class JwtClaimsMapper
{
    public static Task MapAsync(TokenValidatedContext context, JwtOptions options)
    {
        var token = context.Principal!;
        var tenant = token.FindFirstValue(options.TenantClaim);
        if (string.IsNullOrWhiteSpace(tenant))
        {
            context.Fail($"The token has no '{options.TenantClaim}' claim.");
            return Task.CompletedTask;
        }
        var scopes = token.FindAll(options.ScopeClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal);
        var subject = token.FindFirstValue("sub") ?? token.FindFirstValue("client_id") ?? tenant;
        var claims = new List<Claim> { new(Scopes.TenantClaim, tenant), new(Scopes.CredentialClaim, "jwt:" + subject) };
        claims.AddRange(scopes.Select(s => new Claim(Scopes.ScopeClaim, s)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, JwtBearerDefaults.AuthenticationScheme));
        return Task.CompletedTask;
    }
}
