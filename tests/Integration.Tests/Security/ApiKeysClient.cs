using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Integration.Tests.Security;

/// <summary>POST /v1/keys as an admin: a fresh key of a test's own tenant and scopes.</summary>
public static class ApiKeysClient
{
    public static async Task<(Guid Id, string Key)> CreateAsync(HttpClient admin, string tenant, string[] scopes, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsJsonAsync("/v1/keys", new { tenant, scopes, name = "integration test" }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /v1/keys answered {(int)response.StatusCode}: {body}");
        var created = JsonDocument.Parse(body).RootElement;
        return (created.GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!);
    }

    public static string NewTenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];
}
