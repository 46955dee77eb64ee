using Microsoft.AspNetCore.Http;

namespace Fleet.Security;

/// <summary>The credential in <c>Authorization: Bearer …</c>, and whether it has the shape of a JWT.</summary>
public static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>
    /// A compact JWS: three base64url segments, the header being a JSON object (so it starts with "eyJ", <c>{"</c>
    /// encoded). Generated API keys (<c>fleet_…</c>) never have that shape, so the two credentials cannot be confused.
    /// </summary>
    public static bool LooksLikeJwt(string token) =>
        token.StartsWith("eyJ", StringComparison.Ordinal) && token.Count(c => c == '.') == 2;
}
