using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Scheduler.Backups;

/// <summary>
/// The effective settings of the Fleet sections, for configuration.json of a backup: what a restore needs to rebuild
/// the fleet as it was, with every secret (passwords, keys, tokens, connection-string passwords) replaced.
/// </summary>
public sealed partial class ConfigurationSnapshot(IConfiguration configuration, IOptions<BackupOptions> options)
{
    public const string Redacted = "***";

    public SortedDictionary<string, string?> Take()
    {
        var settings = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var section in options.Value.ConfigurationSections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    settings[key] = Redact(key, value);
                }
            }
        }
        return settings;
    }

    public static string Redact(string key, string value)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) || name.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(value);
                if (builder.Password is not null)
                {
                    builder.Password = Redacted;
                }
                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return Redacted;
            }
        }
        return SecretName().IsMatch(name) ? Redacted : value;
    }

    [GeneratedRegex("(password|secret|token|key$|apikey|credential)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
