using Fleet.Security.Jwt;
using Fleet.Security.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Fleet.Security;

public static class SecurityExtensions
{
    /// <summary>The default scheme: forwards each request to JWT bearer or API key by the shape of its bearer token.</summary>
    public const string SchemeName = "Fleet";

    /// <summary>
    /// Bearer API keys (hashed in PostgreSQL) or JWTs (when <c>Auth:Jwt</c> is configured), both carrying a tenant
    /// and scopes; one authorization policy per scope, admin implying every other; and a fallback policy, so an
    /// endpoint nobody marked is never anonymous.
    /// </summary>
    public static IHostApplicationBuilder AddFleetSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<BootstrapAdminKey>();

        builder.Services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or JWT", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<JwtOptions>>(ConfigureJwt);

        // Every scope is a policy; admin implies every other scope.
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(ctx => ctx.User.HasClaim(Scopes.ScopeClaim, scope) || ctx.User.HasClaim(Scopes.ScopeClaim, Scopes.Admin)));
        }
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    private static string SelectScheme(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var jwt = context.RequestServices.GetRequiredService<IOptions<JwtOptions>>().Value;
        return jwt.Enabled && BearerToken.From(context.Request) is { } token && BearerToken.LooksLikeJwt(token)
            ? JwtBearerDefaults.AuthenticationScheme
            : ApiKeyAuthenticationHandler.SchemeName;
    }

    private static void ConfigureJwt(JwtBearerOptions bearer, IOptions<JwtOptions> options)
    {
        var jwt = options.Value;
        // Claim names stay as the issuer wrote them ("scope", "tenant", "sub"), not mapped to WS-* URIs.
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = jwt.ClockSkew,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = jwt.Enabled ? new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(jwt.SigningKey!)) : null,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512],
        };
        bearer.Events = new JwtBearerEvents { OnTokenValidated = context => JwtClaimsMapper.MapAsync(context, jwt) };
    }
}
