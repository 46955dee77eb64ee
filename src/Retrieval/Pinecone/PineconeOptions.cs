using System.ComponentModel.DataAnnotations;

namespace Fleet.Retrieval.Pinecone;

/// <summary>A Pinecone index's data plane (section <c>Pinecone</c>), used when <c>VectorStore:Provider</c> is <c>pinecone</c>.</summary>
public sealed class PineconeOptions
{
    public const string Section = "Pinecone";

    /// <summary>The index's own host, as describe_index or the console shows it: <c>https://docs-abc123.svc.aped-4627-b74a.pinecone.io</c>.</summary>
    [Required(ErrorMessage = "Pinecone:IndexHost must be the index's data-plane URL.")]
    public Uri? IndexHost { get; set; }

    /// <summary>Sent as the <c>Api-Key</c> header; keep it in a secret store, not in appsettings.</summary>
    [Required(ErrorMessage = "Pinecone:ApiKey is required.")]
    public string? ApiKey { get; set; }

    /// <summary>The <c>X-Pinecone-API-Version</c> the request and response shapes follow.</summary>
    [Required] public string ApiVersion { get; set; } = "2025-01";

    /// <summary>Pinecone accepts at most 1,000 records in one upsert.</summary>
    [Range(1, 1000)] public int MaxUpsertRecords { get; set; } = 1000;

    /// <summary>Pinecone rejects upsert requests over 2 MB.</summary>
    [Range(1024, 2 * 1024 * 1024)] public int MaxRequestBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Pinecone deletes at most 1,000 ids per request.</summary>
    [Range(1, 1000)] public int MaxDeleteIds { get; set; } = 1000;

    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 30;
}
