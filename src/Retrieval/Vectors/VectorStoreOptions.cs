using System.ComponentModel.DataAnnotations;

namespace Fleet.Retrieval.Vectors;

/// <summary>Where chunk vectors live (section <c>VectorStore</c>).</summary>
public sealed class VectorStoreOptions
{
    public const string Section = "VectorStore";

    /// <summary>
    /// <c>postgres</c> (default: vectors in the Fleet database, exact search in memory) or <c>pinecone</c>
    /// (a Pinecone serverless or pod index; see <c>Pinecone:*</c>).
    /// </summary>
    [Required, RegularExpression("^(postgres|pinecone)$", ErrorMessage = "VectorStore:Provider must be postgres or pinecone.")]
    public string Provider { get; set; } = "postgres";

    /// <summary>The collection ingestion writes and search reads (a Pinecone namespace for <c>pinecone</c>).</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "VectorStore:Collection must be 1-63 lower-case letters, digits or '-'.")]
    public string Collection { get; set; } = "documents";
}
