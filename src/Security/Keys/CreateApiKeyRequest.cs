using System.Text.RegularExpressions;

namespace Fleet.Security.Keys;

/// <summary>The body of POST /v1/keys: <c>{"tenant": "acme", "scopes": ["jobs:submit", "jobs:read"], "name": "ci"}</c>.</summary>
public sealed partial record CreateApiKeyRequest(string? Tenant, IReadOnlyList<string>? Scopes, string? Name)
{
    public const string TenantRule = "tenant must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.";

    public static bool IsValidTenant(string tenant) => TenantPattern().IsMatch(tenant);

    /// <summary>Errors keyed by field; empty when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(CreateApiKeyRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON object is required."];
            return errors;
        }
        if (request.Tenant is null || !IsValidTenant(request.Tenant))
        {
            errors["tenant"] = [TenantRule];
        }
        if (request.Scopes is not { Count: > 0 })
        {
            errors["scopes"] = [$"scopes must list at least one of {string.Join(", ", Security.Scopes.All)}."];
        }
        else if (request.Scopes.Any(s => s is null || !Security.Scopes.All.Contains(s)))
        {
            var unknown = request.Scopes.First(s => s is null || !Security.Scopes.All.Contains(s));
            errors["scopes"] = [$"Unknown scope '{Truncate(unknown ?? "null")}'; scopes are {string.Join(", ", Security.Scopes.All)}."];
        }
        if (request.Name is { Length: 0 or > 100 })
        {
            errors["name"] = ["name must be 1 to 100 characters."];
        }
        return errors;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantPattern();
}
