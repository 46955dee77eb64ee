using System.Security.Claims;

namespace Fleet.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The tenant whose jobs this caller sees. Authentication guarantees the claim exists.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Scopes.TenantClaim) ?? throw new InvalidOperationException("An authenticated caller has no tenant claim.");
}
