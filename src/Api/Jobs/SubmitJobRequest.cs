using System.Security.Cryptography;
using System.Text.Json;

namespace Fleet.Api.Jobs;

/// <summary>The body of POST /v1/jobs once it has been read and validated.</summary>
public sealed record SubmitJobRequest(
    string Type,
    JsonElement Input,
    int Priority,
    DateTimeOffset? RunAt,
    int? TimeoutSeconds,
    int? MaxAttempts)
{
    /// <summary>
    /// A fingerprint of what was asked, independent of JSON formatting and property order at the top level,
    /// so a replay with the same Idempotency-Key can be told apart from a different request.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            Type, Canonical(Input), Priority, RunAt?.ToUniversalTime(), TimeoutSeconds, MaxAttempts,
        });
        return Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private static object? Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Name, p => Canonical(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(Canonical).ToList(),
        _ => element.GetRawText(),
    };
}
