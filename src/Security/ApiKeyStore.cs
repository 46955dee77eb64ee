using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Security;

/// <summary>API keys, stored as SHA-256 hashes; lookups are cached briefly so a busy API does not hit the database per request.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Expires)> cache = new();

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<ApiKey?> FindAsync(string presentedKey, CancellationToken cancellationToken)
    {
        var hash = Hash(presentedKey);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(hash, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }
        await using var command = dataSource.CreateCommand("SELECT tenant_id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var key = await reader.ReadAsync(cancellationToken) ? new ApiKey(reader.GetString(0), reader.GetFieldValue<string[]>(1)) : null;
        if (cache.Count > 10_000)
        {
            cache.Clear();
        }
        cache[hash] = (key, now + options.Value.KeyCacheDuration);
        return key;
    }

    public async Task EnsureAsync(string key, string tenantId, IReadOnlyList<string> scopes, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO api_keys (id, key_hash, tenant_id, scopes, name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_hash) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter { Value = Hash(key) });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = scopes.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record ApiKey(string TenantId, IReadOnlyList<string> Scopes);
