namespace Fleet.Security;

/// <summary>The scopes an API key or token can carry; each is also the name of the policy that requires it.</summary>
public static class Scopes
{
    public const string JobsSubmit = "jobs:submit";
    public const string JobsRead = "jobs:read";
    public const string JobsCancel = "jobs:cancel";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [JobsSubmit, JobsRead, JobsCancel, Admin];

    public const string ScopeClaim = "scope";
    public const string TenantClaim = "tenant";

    /// <summary>Which credential made the call (an API key's id, or <c>jwt:</c> + the token's subject): what rate limits count.</summary>
    public const string CredentialClaim = "credential";
}
