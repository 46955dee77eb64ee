using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Scheduler.Backups;

/// <summary>One file of a backup, as manifest.json lists it.</summary>
public sealed record BackupFile(string Name, long Bytes, string Sha256);

/// <summary>
/// manifest.json of a backup: what it holds (files with sizes and SHA-256), the tables' row counts and checksums at the
/// dump's snapshot, and whether a restore reproduced them. `./fleet restore` reads it too.
/// </summary>
public sealed record BackupManifest(
    string BackupId,
    Guid JobId,
    DateTimeOffset CreatedAt,
    string Database,
    IReadOnlyList<BackupFile> Files,
    IReadOnlyList<TableChecksum> Tables,
    bool Verified,
    long DumpMilliseconds,
    long? VerifyMilliseconds)
{
    public const string FileName = "manifest.json";
    public const string DumpFileName = "database.dump";
    public const string ConfigurationFileName = "configuration.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public long Bytes => Files.Sum(f => f.Bytes);

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        // Written beside, then renamed: a manifest is either whole or absent, and a folder without one is no backup.
        var path = Path.Combine(directory, FileName);
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(this, Json), cancellationToken);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static async Task<BackupManifest?> TryReadAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, cancellationToken);
    }
}
