using Fleet.Security;
using Hangfire.Dashboard;

namespace Fleet.Scheduler.Dashboard;

/// <summary>
/// Hangfire's dashboard opens only to an authenticated caller with the <c>admin</c> scope (by bearer key or the
/// login cookie). It replaces Hangfire's default, which lets any local request in, and stands behind the endpoint's
/// admin policy as a second lock.
/// </summary>
public sealed class AdminDashboardAuthorizationFilter : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return Task.FromResult(user.Identity?.IsAuthenticated == true && user.HasClaim(Scopes.ScopeClaim, Scopes.Admin));
    }
}
