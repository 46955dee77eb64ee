using System.Text.Json;

namespace Fleet.Retrieval.Pinecone;

/// <summary>A record of a Pinecone index: id, dense values and metadata (strings, numbers, booleans, string lists).</summary>
public sealed record PineconeVector(string Id, float[] Values, IReadOnlyDictionary<string, JsonElement>? Metadata = null);
