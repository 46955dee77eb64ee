namespace Fleet.Security;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// An admin key (tenant <see cref="BootstrapTenant"/>, every scope) inserted at start if missing, so a new fleet
    /// can be used at once. `./fleet up` generates one; production sets it from a secret or leaves it empty.
    /// </summary>
    public string? BootstrapAdminKey { get; set; }

    public string BootstrapTenant { get; set; } = "default";

    /// <summary>How long a looked-up key is trusted before it is read again (bounds how late a revocation bites).</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
