using System.Security.Cryptography;
using Fleet.Retrieval.Chunking;
using Fleet.Retrieval.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Retrieval.Ingestion;

/// <summary>Lists the documents of a folder with their fingerprints; reads bytes to hash them, never parses them.</summary>
public sealed class SourceScanner(DocumentReaders readers, IOptions<IngestionOptions> options, IOptions<ChunkingOptions> chunking, ILogger<SourceScanner> logger)
{
    public async Task<IReadOnlyList<SourceFile>> ScanAsync(SourceFolder source, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(source.Folder))
        {
            throw new DirectoryNotFoundException($"The source folder {source.Folder} does not exist.");
        }
        var files = new List<SourceFile>();
        var paths = Directory.EnumerateFiles(source.Folder, "*", SearchOption.AllDirectories).Where(readers.CanRead).Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            if (info.Length > options.Value.MaxFileBytes)
            {
                logger.LogWarning("Skipping {Path}: {Bytes} bytes is more than Ingestion:MaxFileBytes", path, info.Length);
                continue;
            }
            await using var stream = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            files.Add(new SourceFile(source.DocumentIdOf(path), path, Fingerprint(hash), info.Length));
        }
        return files;
    }

    /// <summary>The content hash plus the chunking settings, so changing those re-chunks every document once.</summary>
    private string Fingerprint(string contentHash) =>
        $"sha256:{contentHash};chunks:{chunking.Value.MaxTokens}/{chunking.Value.OverlapTokens}";
}
