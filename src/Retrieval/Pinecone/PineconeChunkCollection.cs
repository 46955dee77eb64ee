using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Fleet.Retrieval.Vectors;
using Microsoft.Extensions.VectorData;

namespace Fleet.Retrieval.Pinecone;

/// <summary>
/// <see cref="ChunkRecord"/>s in one namespace of a Pinecone index (created with dimension 384 and the cosine metric).
/// The record's data travels as metadata: <c>documentId</c>, <c>chunk</c>, <c>text</c>.
/// </summary>
public sealed class PineconeChunkCollection(PineconeIndexClient client, string name) : VectorStoreCollection<string, ChunkRecord>
{
    public override string Name => name;

    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        (await client.DescribeIndexStatsAsync(cancellationToken)).NamespaceVectorCounts.ContainsKey(name);

    /// <summary>Pinecone creates a namespace on its first upsert.</summary>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => client.DeleteAllAsync(name, cancellationToken);

    public override async Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        (await client.FetchAsync([key], name, cancellationToken)).Select(ToRecord).FirstOrDefault();

    /// <summary>Pinecone finds records by vector, not by a predicate over their metadata alone.</summary>
    public override IAsyncEnumerable<ChunkRecord> GetAsync(
        Expression<Func<ChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkRecord>? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Pinecone cannot list records by a filter without a query vector.");

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var list = keys.ToList();
        return list.Count == 0 ? Task.CompletedTask : client.DeleteAsync(list, name, cancellationToken);
    }

    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default)
    {
        var vectors = records.Select(r => new PineconeVector(r.Key, r.Embedding.ToArray(), new Dictionary<string, JsonElement>
        {
            ["documentId"] = JsonSerializer.SerializeToElement(r.DocumentId),
            ["chunk"] = JsonSerializer.SerializeToElement(r.Chunk),
            ["text"] = JsonSerializer.SerializeToElement(r.Text),
        })).ToList();
        if (vectors.Count > 0)
        {
            await client.UpsertAsync(vectors, name, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory.ToArray(),
            float[] array => array,
            _ => throw new NotSupportedException($"Search by {typeof(TInput).Name} is not supported: pass the embedding (ReadOnlyMemory<float> or float[])."),
        };
        if (options?.Filter is not null)
        {
            throw new NotSupportedException("Filters are not translated to Pinecone metadata filters.");
        }
        var skip = options?.Skip ?? 0;
        var matches = await client.QueryAsync(query, top + skip, name, includeMetadata: true, includeValues: options?.IncludeVectors ?? false, cancellationToken);
        foreach (var match in matches.Skip(skip))
        {
            if (options?.ScoreThreshold is { } threshold && match.Score < threshold)
            {
                yield break;
            }
            yield return new VectorSearchResult<ChunkRecord>(ToRecord(new PineconeVector(match.Id, match.Values ?? [], match.Metadata)), match.Score);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(VectorStoreCollectionMetadata)
            ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "pinecone", CollectionName = name }
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    private static ChunkRecord ToRecord(PineconeVector vector)
    {
        var metadata = vector.Metadata ?? throw new InvalidOperationException($"Pinecone record {vector.Id} has no metadata: it was not written by Fleet.");
        return new ChunkRecord
        {
            Key = vector.Id,
            DocumentId = metadata["documentId"].GetString()!,
            Chunk = (int)metadata["chunk"].GetDouble(),
            Text = metadata["text"].GetString()!,
            Embedding = vector.Values,
        };
    }
}
