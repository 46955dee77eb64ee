using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Security;

public static class SecurityExtensions
{
    /// <summary>
    /// Bearer API keys (hashed in PostgreSQL) with a tenant and scopes; one authorization policy per scope, admin
    /// implying every other; and a fallback policy, so an endpoint nobody marked is never anonymous.
    /// </summary>
    public static IHostApplicationBuilder AddFleetSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<BootstrapAdminKey>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

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
}
