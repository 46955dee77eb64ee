using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Security.Keys;

/// <summary>
/// API keys, stored as SHA-256 hashes (a key is 256 random bits, so a fast hash is enough: there is nothing to
/// brute-force). Lookups are cached for <see cref="AuthOptions.KeyCacheDuration"/>, which bounds how late a revocation
/// made on another replica takes effect; a revocation made here drops the cached entry at once.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<AuthOptions> options)
{
    private const string KeyPrefix = "fleet_";
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
        await using var command = dataSource.CreateCommand("SELECT id, tenant_id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var key = await reader.ReadAsync(cancellationToken)
            ? new ApiKey(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2))
            : null;
        if (cache.Count > 10_000)
        {
            cache.Clear();
        }
        cache[hash] = (key, now + options.Value.KeyCacheDuration);
        return key;
    }

    /// <summary>Inserts a key the caller chose (the bootstrap admin key) unless it exists.</summary>
    public async Task EnsureAsync(string key, string tenantId, IReadOnlyList<string> scopes, string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO api_keys (id, key_hash, tenant_id, scopes, name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_hash) DO NOTHING");
        AddInsertParameters(command, Guid.CreateVersion7(), key, tenantId, scopes, name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Generates a new random key; its clear text is in the answer and nowhere else.</summary>
    public async Task<CreatedApiKey> CreateAsync(string tenantId, IReadOnlyList<string> scopes, string name, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand(
            "INSERT INTO api_keys (id, key_hash, tenant_id, scopes, name) VALUES ($1, $2, $3, $4, $5) RETURNING created_at");
        AddInsertParameters(command, id, key, tenantId, scopes, name);
        var createdAt = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new CreatedApiKey(id, key, tenantId, scopes, name, new DateTimeOffset(createdAt, TimeSpan.Zero));
    }

    /// <summary>Every key, newest first, optionally of one tenant.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, tenant_id, scopes, name, created_at, revoked_at FROM api_keys WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY created_at DESC, id DESC");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)tenantId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var keys = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKeyRecord(
                reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return keys;
    }

    /// <summary>Revokes a key (idempotently); false when no key has that id.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING key_hash");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        if (await command.ExecuteScalarAsync(cancellationToken) is not string hash)
        {
            return false;
        }
        cache.TryRemove(hash, out _);
        return true;
    }

    private static void AddInsertParameters(NpgsqlCommand command, Guid id, string key, string tenantId, IReadOnlyList<string> scopes, string name)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = Hash(key) });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = scopes.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
