using System.Data;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace Fleet.Retrieval.Vectors;

/// <summary>
/// A collection of <see cref="ChunkRecord"/>s stored in PostgreSQL (vector_chunks, migration 007) and searched
/// in memory (<see cref="ExactVectorIndex"/>, or <see cref="HnswVectorIndex"/> for large collections). Before each read the in-memory copy applies every write
/// committed since it last looked (any process's), found by revision, so a search sees all committed ingestion.
/// Deletes reach copies as tombstones, pruned after a retention window (migration 009); a copy that may have missed
/// one (it last synced below the newest pruned revision, or the table was recreated by a restore) reloads in full.
/// </summary>
public sealed class PostgresChunkCollection(NpgsqlDataSource dataSource, string name, Func<IVectorIndex>? newIndex = null) : VectorStoreCollection<string, ChunkRecord>
{
    private readonly Func<IVectorIndex> newIndex = newIndex ?? Exact;
    private readonly SemaphoreSlim syncing = new(1, 1);
    // Replaced whole by a reload, so a search already under way finishes on the copy it started with.
    private volatile IVectorIndex index = (newIndex ?? Exact)();
    private long seenRevision;
    private long seenTable;

    /// <summary>The in-memory copy searches read now (tests watch an HNSW graph catch up through it).</summary>
    internal IVectorIndex Index => index;

    /// <summary>Full reloads after the first load (a copy behind pruned tombstones, or a restored table).</summary>
    internal int Reloads { get; private set; }

    public override string Name => name;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    /// <summary>The table is the schema's (migration 007); a collection is rows tagged with its name, so nothing to create.</summary>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT key FROM vector_chunks WHERE collection = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }
        await DeleteAsync(keys, cancellationToken);
    }

    public override async Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await SyncAsync(cancellationToken);
        return index.Get(key);
    }

    public override async IAsyncEnumerable<ChunkRecord> GetAsync(
        Expression<Func<ChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await SyncAsync(cancellationToken);
        foreach (var record in index.Where(filter.Compile(), top, options?.Skip ?? 0))
        {
            yield return record;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var list = keys.ToList();
        if (list.Count == 0)
        {
            return;
        }
        await WriteAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand(
                """
                WITH gone AS (DELETE FROM vector_chunks WHERE collection = $1 AND key = ANY($2) RETURNING key)
                INSERT INTO vector_deletions (collection, key, revision) SELECT $1, key, nextval('vector_revisions') FROM gone
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            command.Parameters.Add(new NpgsqlParameter { Value = list.ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override async Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default)
    {
        var list = records.ToList();
        if (list.Count == 0)
        {
            return;
        }
        foreach (var record in list.Where(r => r.Embedding.Length != ChunkRecord.Dimensions))
        {
            throw new ArgumentException($"Record {record.Key} has {record.Embedding.Length} dimensions, not {ChunkRecord.Dimensions}.", nameof(records));
        }
        await WriteAsync(async (connection, transaction) =>
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var record in list)
            {
                var command = new NpgsqlBatchCommand(
                    """
                    INSERT INTO vector_chunks (collection, key, document_id, chunk, text, embedding, revision)
                    VALUES ($1, $2, $3, $4, $5, $6, nextval('vector_revisions'))
                    ON CONFLICT (collection, key) DO UPDATE SET document_id = EXCLUDED.document_id, chunk = EXCLUDED.chunk,
                        text = EXCLUDED.text, embedding = EXCLUDED.embedding, revision = EXCLUDED.revision
                    """);
                command.Parameters.Add(new NpgsqlParameter { Value = name });
                command.Parameters.Add(new NpgsqlParameter { Value = record.Key });
                command.Parameters.Add(new NpgsqlParameter { Value = record.DocumentId });
                command.Parameters.Add(new NpgsqlParameter { Value = record.Chunk });
                command.Parameters.Add(new NpgsqlParameter { Value = record.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = record.Embedding.ToArray() });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            _ => throw new NotSupportedException($"Search by {typeof(TInput).Name} is not supported: pass the embedding (ReadOnlyMemory<float> or float[])."),
        };
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        await SyncAsync(cancellationToken);
        var filter = options?.Filter?.Compile();
        foreach (var (record, score) in index.Search(query.Span, top, options?.Skip ?? 0, filter))
        {
            if (options?.ScoreThreshold is { } threshold && score < threshold)
            {
                yield break;
            }
            yield return new VectorSearchResult<ChunkRecord>(record, score);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(VectorStoreCollectionMetadata)
            ? new VectorStoreCollectionMetadata { VectorStoreSystemName = "postgresql", CollectionName = name }
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <summary>Applies every committed write newer than the copy, in revision order, or reloads when the copy may have missed a delete.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await syncing.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            // One snapshot for the checks and the rows: a prune or a restore that commits in between cannot slip past.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var (table, prunedThrough) = await ReadWatermarksAsync(connection, transaction, cancellationToken);
            var reload = table != seenTable || prunedThrough > seenRevision;
            var target = reload ? newIndex() : index;
            var revision = await ApplyChangesAsync(connection, transaction, target, reload ? 0 : seenRevision, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (reload)
            {
                // The old copy is left to the collector, not disposed: a search may still be reading it.
                index = target;
                Reloads += seenTable == 0 ? 0 : 1;
                // Every revision of this collection up to a pruned one has committed (writers take turns), so the
                // reloaded copy has seen it, even where no row that new is left.
                revision = Math.Max(revision, prunedThrough);
            }
            (seenRevision, seenTable) = (revision, table);
        }
        finally
        {
            syncing.Release();
        }
    }

    /// <summary>
    /// Deletes this collection's tombstones older than <paramref name="retention"/> and records the newest revision
    /// pruned, so a copy that last synced before it reloads rather than keep a deleted chunk. Returns how many went.
    /// </summary>
    public async Task<int> PruneDeletionsAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var pruned = 0;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand(
                """
                WITH pruned AS (DELETE FROM vector_deletions WHERE collection = $1 AND deleted_at < now() - $2 RETURNING revision),
                mark AS (
                    INSERT INTO vector_prunes (collection, through_revision) SELECT $1, max(revision) FROM pruned HAVING count(*) > 0
                    ON CONFLICT (collection) DO UPDATE SET through_revision = GREATEST(vector_prunes.through_revision, EXCLUDED.through_revision))
                SELECT count(*)::int FROM pruned
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            command.Parameters.Add(new NpgsqlParameter { Value = retention });
            pruned = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
        return pruned;
    }

    private static IVectorIndex Exact() => new ExactVectorIndex(ChunkRecord.Dimensions);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            index.Dispose();
            syncing.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>vector_chunks' table oid (a restore recreates the table) and the newest revision pruned from this collection.</summary>
    private async Task<(long Table, long PrunedThrough)> ReadWatermarksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT 'vector_chunks'::regclass::oid::bigint, COALESCE((SELECT through_revision FROM vector_prunes WHERE collection = $1), 0)",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Applies the rows and tombstones newer than <paramref name="since"/> to <paramref name="target"/>; returns the last revision applied.</summary>
    private async Task<long> ApplyChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IVectorIndex target, long since, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT revision, key, document_id, chunk, text, embedding FROM vector_chunks WHERE collection = $1 AND revision > $2
            UNION ALL
            SELECT revision, key, NULL, NULL, NULL, NULL FROM vector_deletions WHERE collection = $1 AND revision > $2
            ORDER BY 1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = since });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var revision = since;
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(1);
            if (reader.IsDBNull(2))
            {
                target.Remove(key);
            }
            else
            {
                target.Upsert(new ChunkRecord
                {
                    Key = key,
                    DocumentId = reader.GetString(2),
                    Chunk = reader.GetInt32(3),
                    Text = reader.GetString(4),
                    Embedding = reader.GetFieldValue<float[]>(5),
                });
            }
            revision = reader.GetInt64(0);
        }
        return revision;
    }

    private async Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Writers of one collection take turns, so revisions commit in the order they were drawn (see migration 007).
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('vector_chunks:' || $1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = name });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
    }
}
