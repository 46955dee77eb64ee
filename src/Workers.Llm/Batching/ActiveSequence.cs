using System.Threading.Channels;
using Fleet.Workers.Llm.Decoding;
using Microsoft.ML.Tokenizers;

namespace Fleet.Workers.Llm.Batching;

/// <summary>The batcher's state for one sequence. Touched only on the batcher's thread, except <see cref="Cancel"/>.</summary>
internal sealed class ActiveSequence(GenerationRequest request, Random random, long enqueuedAt, CancellationToken cancellationToken)
{
    private readonly Channel<string> text = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<GenerationResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StopSequenceFilter filter = new(request.Stop);
    private readonly List<int> generated = [];
    private int cancelled;

    public GenerationRequest Request => request;
    public Random Random => random;
    public long EnqueuedAt => enqueuedAt;
    public long AdmittedAt { get; set; }
    public long FirstTokenAt { get; private set; }
    public CancellationToken CancellationToken => cancellationToken;
    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>Token slots reserved in the KV budget: prompt plus every token it may generate.</summary>
    public int Reserved(int context) => Math.Min(context, request.PromptTokens.Count + request.MaxTokens);

    /// <summary>Tokens in this sequence's KV cache.</summary>
    public int Length { get; set; }

    /// <summary>The last token generated, fed at the next decode step.</summary>
    public int LastToken => generated[^1];

    public int Generated => generated.Count;

    /// <summary>Row in the batch's shared caches, or -1 while the cache is its own (just prefilled).</summary>
    public int Row { get; set; } = -1;

    /// <summary>This sequence's own caches <c>[1, kvHeads, Length, headSize]</c> per layer, between prefill and joining.</summary>
    public float[][]? OwnKeys { get; set; }
    public float[][]? OwnValues { get; set; }

    public bool IsCancelled => Volatile.Read(ref cancelled) == 1;

    public GenerationStream Handle => new(text.Reader, completion.Task);

    public void Cancel() => Volatile.Write(ref cancelled, 1);

    /// <summary>Adds a sampled token; returns the finish reason once the sequence is done, else null.</summary>
    public string? Accept(int token, Tokenizer tokenizer, IReadOnlyList<int> endTokens, int context, long now)
    {
        if (FirstTokenAt == 0)
        {
            FirstTokenAt = now;
        }
        if (endTokens.Contains(token))
        {
            return FinishReasons.Stop;
        }
        generated.Add(token);
        var piece = filter.Advance(tokenizer.Decode(generated));
        if (piece.Length > 0)
        {
            text.Writer.TryWrite(piece);
        }
        if (filter.Stopped)
        {
            return FinishReasons.Stop;
        }
        return generated.Count >= request.MaxTokens || Length + 1 > context ? FinishReasons.Length : null;
    }

    public void Finish(string reason, Tokenizer tokenizer, TimeSpan queueWait, TimeSpan timeToFirstToken)
    {
        var all = tokenizer.Decode(generated);
        var rest = filter.Flush(all);
        if (rest.Length > 0)
        {
            text.Writer.TryWrite(rest);
        }
        text.Writer.TryComplete();
        Registration.Dispose();
        completion.TrySetResult(new GenerationResult(all[..filter.Released], reason, request.PromptTokens.Count, generated.ToArray(), queueWait, timeToFirstToken));
    }

    public void Fail(Exception exception)
    {
        // The reader learns the outcome from Completion; the text stream just ends.
        text.Writer.TryComplete();
        Registration.Dispose();
        if (exception is OperationCanceledException)
        {
            completion.TrySetCanceled(cancellationToken);
        }
        else
        {
            completion.TrySetException(exception);
        }
    }
}
