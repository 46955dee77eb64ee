using System.Collections.Concurrent;
using Cloud.Unum.USearch;

namespace Fleet.Retrieval.Vectors;

/// <summary>
/// Approximate search for large collections: an HNSW graph (USearch) beside an <see cref="ExactVectorIndex"/>.
/// The exact copy stays the copy of record: it takes every change at once and answers gets, filtered searches,
/// collections under <see cref="HnswOptions.MinimumCount"/>, and every search while the graph is behind. The graph
/// takes the same changes in order on one background task (adding a vector costs about a millisecond, so a first
/// load of 100,000 would otherwise hold up the first search for minutes), and answers unfiltered searches once it
/// has caught up. A search therefore never misses a write its collection has already applied.
/// </summary>
public sealed class HnswVectorIndex : IVectorIndex
{
    private readonly ExactVectorIndex exact;
    private readonly HnswOptions options;
    private readonly USearchIndex graph;
    private readonly ConcurrentQueue<(string Key, float[]? Vector)> changes = new();
    private readonly Dictionary<string, ulong> ids = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> keys = [];
    private ulong nextId;
    private int behind;
    private int draining;
    private volatile bool disposed;
    private int graphSearches;

    public HnswVectorIndex(int dimensions, HnswOptions options)
    {
        this.options = options;
        exact = new ExactVectorIndex(dimensions);
        graph = new USearchIndex(MetricKind.Cos, ScalarKind.Float32, (ulong)dimensions, (ulong)options.Connectivity,
            (ulong)options.ExpansionAdd, (ulong)options.ExpansionSearch, false);
    }

    public int Count => exact.Count;

    /// <summary>Changes the graph has not applied yet (0: searches use the graph).</summary>
    public int Behind => Volatile.Read(ref behind);

    /// <summary>Searches the graph answered (the rest were exact).</summary>
    internal int GraphSearches => Volatile.Read(ref graphSearches);

    /// <summary>Why the graph stopped taking changes, if it did; searches are then exact.</summary>
    public Exception? Failure { get; private set; }

    public void Upsert(ChunkRecord record)
    {
        exact.Upsert(record);
        Enqueue(record.Key, record.Embedding.ToArray());
    }

    public bool Remove(string key)
    {
        var removed = exact.Remove(key);
        if (removed)
        {
            Enqueue(key, null);
        }
        return removed;
    }

    public ChunkRecord? Get(string key) => exact.Get(key);

    public IReadOnlyList<ChunkRecord> Where(Func<ChunkRecord, bool> filter, int top, int skip) => exact.Where(filter, top, skip);

    public IReadOnlyList<(ChunkRecord Record, float Score)> Search(ReadOnlySpan<float> query, int top, int skip = 0, Func<ChunkRecord, bool>? filter = null)
    {
        if (filter is not null || exact.Count < options.MinimumCount || Behind > 0 || Failure is not null)
        {
            return exact.Search(query, top, skip, filter);
        }
        Interlocked.Increment(ref graphSearches);
        var vector = query.ToArray();
        var found = new List<string>(top + skip);
        lock (graph)
        {
            var count = graph.Search(vector, top + skip, out var hitIds, out _);
            for (var i = 0; i < count; i++)
            {
                found.Add(keys[hitIds[i]]);
            }
        }
        // Scores from the exact copy's unit vectors, so both indexes report the same cosine for the same record.
        return [.. found.Select(exact.Get).OfType<ChunkRecord>()
            .Select(record => (record, System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(record.Embedding.Span, vector)))
            .OrderByDescending(hit => hit.Item2)
            .Skip(skip)];
    }

    public void Dispose()
    {
        disposed = true;
        lock (graph)
        {
            graph.Dispose();
        }
        exact.Dispose();
    }

    private void Enqueue(string key, float[]? vector)
    {
        Interlocked.Increment(ref behind);
        changes.Enqueue((key, vector));
        if (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            _ = Task.Run(Drain);
        }
    }

    /// <summary>Applies queued changes in order; one drain runs at a time.</summary>
    private void Drain()
    {
        while (true)
        {
            while (!disposed && Failure is null && changes.TryDequeue(out var change))
            {
                try
                {
                    lock (graph)
                    {
                        Apply(change.Key, change.Vector);
                    }
                }
                catch (Exception ex)
                {
                    Failure = ex;
                }
                Interlocked.Decrement(ref behind);
            }
            Volatile.Write(ref draining, 0);
            // A change enqueued after the last TryDequeue but before the flag cleared would wait for the next one.
            if (changes.IsEmpty || disposed || Failure is not null || Interlocked.CompareExchange(ref draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void Apply(string key, float[]? vector)
    {
        if (ids.Remove(key, out var old))
        {
            graph.Remove(old);
            keys.Remove(old);
        }
        if (vector is not null)
        {
            var id = ++nextId;
            graph.Add(id, vector);
            ids[key] = id;
            keys[id] = key;
        }
    }
}
