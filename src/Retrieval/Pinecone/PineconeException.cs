using System.Net;

namespace Fleet.Retrieval.Pinecone;

/// <summary>Pinecone answered with an error; <see cref="Exception.Message"/> carries its own message, never the API key.</summary>
public sealed class PineconeException(HttpStatusCode status, string operation, string detail)
    : Exception($"Pinecone {operation} failed with HTTP {(int)status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
}
