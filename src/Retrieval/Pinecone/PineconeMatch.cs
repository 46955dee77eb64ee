using System.Text.Json;

namespace Fleet.Retrieval.Pinecone;

/// <summary>One result of a Pinecone query: for a cosine index the score is the cosine similarity.</summary>
public sealed record PineconeMatch(string Id, double Score, float[]? Values, IReadOnlyDictionary<string, JsonElement>? Metadata);
