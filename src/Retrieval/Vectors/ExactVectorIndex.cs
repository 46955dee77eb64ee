using System.Numerics.Tensors;

namespace Fleet.Retrieval.Vectors;

/// <summary>
/// Exact cosine search over vectors held in one contiguous array: every query scores every vector with a SIMD dot
/// product (vectors are stored unit-length) and keeps the best in a small heap. Recall 1 by construction; the cost
/// is one pass over every vector (150 MB at 100,000 × 384), so memory bandwidth sets the latency: docs/benchmarks.md
/// has the figures, and <see cref="HnswVectorIndex"/> is the choice for large collections. Thread-safe: searches
/// share a read lock, changes take the write lock.
/// </summary>
public sealed class ExactVectorIndex(int dimensions) : IVectorIndex
{
    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);
    private float[] vectors = new float[dimensions * 1024];
    private ChunkRecord[] records = new ChunkRecord[1024];

    public int Count { get; private set; }

    public int Dimensions => dimensions;

    public void Upsert(ChunkRecord record)
    {
        if (record.Embedding.Length != dimensions)
        {
            throw new ArgumentException($"Record {record.Key} has {record.Embedding.Length} dimensions; the index holds {dimensions}.", nameof(record));
        }
        gate.EnterWriteLock();
        try
        {
            if (!slots.TryGetValue(record.Key, out var slot))
            {
                slot = Count++;
                Grow();
                slots[record.Key] = slot;
            }
            var row = vectors.AsSpan(slot * dimensions, dimensions);
            record.Embedding.Span.CopyTo(row);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
            records[slot] = record;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    public bool Remove(string key)
    {
        gate.EnterWriteLock();
        try
        {
            if (!slots.Remove(key, out var slot))
            {
                return false;
            }
            // Keep the array dense: the last row moves into the hole.
            var last = --Count;
            if (slot != last)
            {
                vectors.AsSpan(last * dimensions, dimensions).CopyTo(vectors.AsSpan(slot * dimensions, dimensions));
                records[slot] = records[last];
                slots[records[slot].Key] = slot;
            }
            records[last] = null!;
            return true;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    public ChunkRecord? Get(string key)
    {
        gate.EnterReadLock();
        try
        {
            return slots.TryGetValue(key, out var slot) ? records[slot] : null;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Records matching <paramref name="filter"/> (all when null), at most <paramref name="top"/> after <paramref name="skip"/>.</summary>
    public IReadOnlyList<ChunkRecord> Where(Func<ChunkRecord, bool> filter, int top, int skip)
    {
        gate.EnterReadLock();
        try
        {
            return records.Take(Count).Where(filter).Skip(skip).Take(top).ToList();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>The <paramref name="top"/> records most similar to <paramref name="query"/>, best first, with their cosine similarity.</summary>
    public IReadOnlyList<(ChunkRecord Record, float Score)> Search(ReadOnlySpan<float> query, int top, int skip = 0, Func<ChunkRecord, bool>? filter = null)
    {
        if (query.Length != dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions; the index holds {dimensions}.", nameof(query));
        }
        var keep = top + skip;
        var unit = new float[dimensions];
        var norm = TensorPrimitives.Norm(query);
        TensorPrimitives.Divide(query, norm > 0 ? norm : 1, unit);
        var best = new PriorityQueue<int, float>(keep + 1);
        gate.EnterReadLock();
        try
        {
            for (var slot = 0; slot < Count; slot++)
            {
                if (filter is not null && !filter(records[slot]))
                {
                    continue;
                }
                var score = TensorPrimitives.Dot(vectors.AsSpan(slot * dimensions, dimensions), unit);
                if (best.Count < keep)
                {
                    best.Enqueue(slot, score);
                }
                else if (best.TryPeek(out _, out var worst) && score > worst)
                {
                    best.DequeueEnqueue(slot, score);
                }
            }
            var hits = new (ChunkRecord, float)[best.Count];
            for (var i = hits.Length - 1; i >= 0; i--)
            {
                best.TryDequeue(out var slot, out var score);
                hits[i] = (records[slot], score);
            }
            return hits.Skip(skip).ToList();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose() => gate.Dispose();

    private void Grow()
    {
        if (Count <= records.Length)
        {
            return;
        }
        Array.Resize(ref records, records.Length * 2);
        Array.Resize(ref vectors, records.Length * dimensions);
    }
}
