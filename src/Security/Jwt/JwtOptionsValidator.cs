using System.Text;
using Microsoft.Extensions.Options;

namespace Fleet.Security.Jwt;

/// <summary>When JWT bearer is on, issuer, audience and a long enough key are required; messages name the setting.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Auth:Jwt:Issuer must be set when Auth:Jwt:SigningKey is.");
        }
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Jwt:Audience must be set when Auth:Jwt:SigningKey is.");
        }
        if (Encoding.UTF8.GetByteCount(options.SigningKey!) < MinimumKeyBytes)
        {
            failures.Add($"Auth:Jwt:SigningKey must be at least {MinimumKeyBytes} bytes.");
        }
        if (string.IsNullOrWhiteSpace(options.ScopeClaim) || string.IsNullOrWhiteSpace(options.TenantClaim))
        {
            failures.Add("Auth:Jwt:ScopeClaim and Auth:Jwt:TenantClaim must not be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
