using System.Runtime.CompilerServices;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.VectorData;

namespace Fleet.Retrieval.Pinecone;

/// <summary>One Pinecone index as a vector store: each collection is a namespace of it.</summary>
public sealed class PineconeVectorStore(PineconeIndexClient client) : VectorStore
{
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TKey) != typeof(string) || typeof(TRecord) != typeof(ChunkRecord) || definition is not null)
        {
            throw new NotSupportedException($"The Pinecone vector store holds {nameof(ChunkRecord)} records keyed by string only.");
        }
        return (VectorStoreCollection<TKey, TRecord>)(object)new PineconeChunkCollection(client, name);
    }

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException("The Pinecone vector store has no dynamic collections.");

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var name in (await client.DescribeIndexStatsAsync(cancellationToken)).NamespaceVectorCounts.Keys)
        {
            yield return name;
        }
    }

    public override async Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        (await client.DescribeIndexStatsAsync(cancellationToken)).NamespaceVectorCounts.ContainsKey(name);

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) => client.DeleteAllAsync(name, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
}
