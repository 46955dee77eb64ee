using System.ComponentModel.DataAnnotations;

namespace Fleet.Retrieval.Chunking;

/// <summary>How documents are cut into chunks (section <c>Ingestion:Chunking</c>), counted in MiniLM word pieces.</summary>
public sealed class ChunkingOptions
{
    public const string Section = "Ingestion:Chunking";

    /// <summary>Most word pieces in one chunk. MiniLM reads 256, two of which are [CLS] and [SEP]; the rest is cut off.</summary>
    [Range(16, 254)] public int MaxTokens { get; set; } = 200;

    /// <summary>Word pieces repeated from the end of one chunk at the start of the next, so no sentence is only ever seen cut.</summary>
    [Range(0, 128)] public int OverlapTokens { get; set; } = 40;
}
