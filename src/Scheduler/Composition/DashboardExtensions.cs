using Fleet.Scheduler.Dashboard;
using Fleet.Security;
using Hangfire;
using Microsoft.AspNetCore.Authentication;

namespace Fleet.Scheduler.Composition;

public static class DashboardExtensions
{
    /// <summary>Picks the bearer key when a request has one, else the login cookie.</summary>
    public const string DashboardScheme = "FleetDashboard";

    /// <summary>
    /// Who may see the operator dashboard: Fleet.Security's API keys (admin scope), presented as a bearer token or,
    /// from a browser, as the login cookie that /login sets.
    /// </summary>
    public static IHostApplicationBuilder AddOperatorDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperatorDashboardOptions>().BindConfiguration(OperatorDashboardOptions.Section).ValidateOnStart();
        builder.AddFleetSecurity();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = DashboardScheme;
                o.DefaultChallengeScheme = DashboardScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, DashboardCookieAuthenticationHandler>(DashboardCookieAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(DashboardScheme, "Fleet dashboard", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName : DashboardCookieAuthenticationHandler.SchemeName);
        builder.Services.AddHttpClient(RabbitMqQueues.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<RabbitMqQueues>();
        builder.Services.AddSingleton<DashboardQueries>();
        return builder;
    }

    /// <summary>/login, /logout, the Fleet pages under /dashboard and Hangfire's dashboard at /hangfire, all admin only.</summary>
    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLogin();
        app.MapDashboard();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            // Hangfire's default lets any local request in: replaced, never added to.
            Authorization = [],
            AsyncAuthorization = [new AdminDashboardAuthorizationFilter()],
            DashboardTitle = "Fleet Hangfire",
            AppPath = "/dashboard",
        }).RequireAuthorization(Scopes.Admin);
        return app;
    }
}
