using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace Fleet.Retrieval.Vectors;

/// <summary>
/// The default vector store: collections of <see cref="ChunkRecord"/> in the Fleet PostgreSQL database. One
/// collection object per name per process, so its in-memory copy is loaded once and shared by every search.
/// </summary>
public sealed class PostgresVectorStore(NpgsqlDataSource dataSource, Func<IVectorIndex>? newIndex = null) : VectorStore
{
    private readonly ConcurrentDictionary<string, PostgresChunkCollection> collections = new(StringComparer.Ordinal);

    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TKey) != typeof(string) || typeof(TRecord) != typeof(ChunkRecord) || definition is not null)
        {
            // Fleet stores one record shape; a general mapper for arbitrary records is more than it needs.
            throw new NotSupportedException($"The PostgreSQL vector store holds {nameof(ChunkRecord)} records keyed by string only.");
        }
        return (VectorStoreCollection<TKey, TRecord>)(object)collections.GetOrAdd(name, n => new PostgresChunkCollection(dataSource, n, newIndex));
    }

    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition) =>
        throw new NotSupportedException("The PostgreSQL vector store has no dynamic collections.");

    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT collection FROM vector_chunks ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    public override async Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM vector_chunks WHERE collection = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        GetCollection<string, ChunkRecord>(name).EnsureCollectionDeletedAsync(cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var collection in collections.Values)
            {
                collection.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
