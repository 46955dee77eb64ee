using Fleet.Security.Jwt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Security;

/// <summary>
/// Secrets checked at start: in Production a bootstrap admin key or JWT signing key that is short or one of the
/// well-known development values stops the process, with a message naming the setting.
/// </summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment, IOptions<JwtOptions> jwt) : IValidateOptions<AuthOptions>
{
    /// <summary>Values shipped in appsettings.Development.json and docs; never acceptable in production.</summary>
    public static readonly IReadOnlyList<string> KnownDevelopmentSecrets =
    [
        "fleet-dev-admin-key", "fleet-development-signing-key-not-for-production-use", "changeme", "change-me", "secret", "admin",
    ];

    private const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.KeyCacheDuration < TimeSpan.Zero || options.KeyCacheDuration > TimeSpan.FromMinutes(5))
        {
            failures.Add("Auth:KeyCacheDuration must be between 00:00:00 and 00:05:00 (it bounds how late a revocation takes effect).");
        }
        if (string.IsNullOrWhiteSpace(options.BootstrapTenant))
        {
            failures.Add("Auth:BootstrapTenant must not be empty.");
        }
        if (environment.IsProduction())
        {
            CheckSecret("Auth:BootstrapAdminKey", options.BootstrapAdminKey, failures);
            CheckSecret("Auth:Jwt:SigningKey", jwt.Value.SigningKey, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Empty means "not used" (no bootstrap key, JWT off); a value must be long and not a known default.</summary>
    private static void CheckSecret(string setting, string? value, List<string> failures)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(value) || KnownDevelopmentSecrets.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{setting} is a well-known development value; production needs a secret of its own.");
        }
        else if (value.Length < MinimumSecretLength)
        {
            failures.Add($"{setting} must be at least {MinimumSecretLength} characters in production.");
        }
    }
}
