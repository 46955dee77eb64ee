using System.Threading.Channels;
using Fleet.Workers.Llm.Decoding;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Workers.Llm.Batching;

/// <summary>
/// Iteration-level (continuous) batching over one model session, on its own thread. Each step decodes every running
/// sequence by one token in one batched forward pass; a new sequence is prefilled and joins at the next step
/// boundary, and a finished or cancelled one leaves at once, without waiting for the others to drain.
/// </summary>
public sealed class ContinuousBatcher(IModelSession session, IOptions<LlmOptions> options, Random random, TimeProvider clock, LlmMetrics metrics)
    : BackgroundService
{
    private readonly Channel<ActiveSequence> incoming = Channel.CreateUnbounded<ActiveSequence>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim wake = new(0);
    private readonly List<ActiveSequence> waiting = [];
    private readonly List<ActiveSequence> running = [];
    private readonly KvBatch batch = new(session.Config.Layers, session.Config.KeyValueHeads, session.Config.HeadSize);
    private readonly Lock seeds = new();
    private float[] logits = [];
    private bool repack;

    /// <summary>Queues a sequence; it joins the batch at the next step boundary with room in the batch and KV budget.</summary>
    public GenerationStream Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
        int seed;
        lock (seeds)
        {
            seed = request.Seed ?? random.Next();
        }
        var sequence = new ActiveSequence(request, new Random(seed), clock.GetTimestamp(), cancellationToken);
        sequence.Registration = cancellationToken.Register(() =>
        {
            sequence.Cancel();
            wake.Release();
        });
        if (!incoming.Writer.TryWrite(sequence))
        {
            sequence.Fail(new InvalidOperationException("The LLM batcher has stopped."));
        }
        wake.Release();
        return sequence.Handle;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Loop(stoppingToken);
                FailAll(new OperationCanceledException("The LLM batcher stopped.", stoppingToken));
                stopped.SetResult();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                FailAll(new OperationCanceledException("The LLM batcher stopped.", stoppingToken));
                stopped.SetResult();
            }
            catch (Exception ex)
            {
                // A forward pass that throws (a broken model, out of memory) fails every sequence with the cause,
                // and the faulted service stops the host, so the jobs are retried on another worker.
                FailAll(ex);
                stopped.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "llm-batcher",
        };
        thread.Start();
        return stopped.Task;
    }

    private void Loop(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            while (incoming.Reader.TryRead(out var sequence))
            {
                waiting.Add(sequence);
            }
            Leave(running.Where(s => s.IsCancelled).ToList(), cancelled: true);
            foreach (var gone in waiting.Where(s => s.IsCancelled).ToList())
            {
                waiting.Remove(gone);
                gone.Fail(new OperationCanceledException(gone.CancellationToken));
            }
            Admit();
            if (running.Count == 0)
            {
                if (waiting.Count == 0)
                {
                    // Blocking is right here: this is the batcher's own thread, not the pool's.
                    wake.Wait(stoppingToken);
                }
                continue;
            }
            Step();
        }
    }

    private void Admit()
    {
        var limits = options.Value;
        var context = session.Config.Context;
        while (waiting.Count > 0 && running.Count < limits.MaxBatchSize)
        {
            var next = waiting[0];
            var longest = running.Select(s => s.Reserved(context)).Append(next.Reserved(context)).Max();
            if (running.Count > 0 && (running.Count + 1) * (long)longest > limits.MaxBatchTokens)
            {
                return;   // first come, first served: later arrivals wait behind it
            }
            waiting.RemoveAt(0);
            next.AdmittedAt = clock.GetTimestamp();
            metrics.QueueWait.Observe(clock.GetElapsedTime(next.EnqueuedAt, next.AdmittedAt).TotalSeconds);
            try
            {
                Prefill(next);
            }
            catch (Exception ex)
            {
                next.Fail(ex);   // in neither list while prefilling: FailAll would miss it
                throw;
            }
        }
    }

    private void Prefill(ActiveSequence sequence)
    {
        var config = session.Config;
        var prompt = sequence.Request.PromptTokens;
        int n = prompt.Count, layers = config.Layers, cache = config.KeyValueHeads * n * config.HeadSize;
        var keys = NewCaches(layers, cache);
        var values = NewCaches(layers, cache);
        var output = Logits(n * config.VocabSize);
        var started = clock.GetTimestamp();
        session.Run(new ForwardStep
        {
            Batch = 1,
            Sequence = n,
            Past = 0,
            InputIds = prompt.Select(t => (long)t).ToArray(),
            AttentionMask = Enumerable.Repeat(1L, n).ToArray(),
            PositionIds = Enumerable.Range(0, n).Select(p => (long)p).ToArray(),
            PastKeys = [.. Enumerable.Repeat(Memory<float>.Empty, layers)],
            PastValues = [.. Enumerable.Repeat(Memory<float>.Empty, layers)],
            PresentKeys = [.. keys.Select(k => k.AsMemory())],
            PresentValues = [.. values.Select(v => v.AsMemory())],
            Logits = output.AsMemory(0, n * config.VocabSize),
        });
        metrics.ObserveStep("prefill", 1, n, clock.GetElapsedTime(started));
        sequence.Length = n;
        sequence.OwnKeys = keys;
        sequence.OwnValues = values;
        var last = output.AsSpan((n - 1) * config.VocabSize, config.VocabSize);
        if (Accept(sequence, TokenSampler.Sample(last, sequence.Request.Sampling, sequence.Random)))
        {
            running.Add(sequence);
            repack = true;
        }
    }

    private void Step()
    {
        if (repack)
        {
            batch.Repack(running);
            repack = false;
        }
        var config = session.Config;
        int rows = running.Count, past = batch.Past, total = past + 1, vocab = config.VocabSize;
        var ids = new long[rows];
        var positions = new long[rows];
        var mask = new long[rows * total];
        for (var r = 0; r < rows; r++)
        {
            var sequence = running[r];
            ids[r] = sequence.LastToken;
            positions[r] = sequence.Length;
            mask.AsSpan(r * total + past - sequence.Length, sequence.Length + 1).Fill(1);
        }
        var pastSize = rows * config.KeyValueHeads * past * config.HeadSize;
        var presentSize = rows * config.KeyValueHeads * total * config.HeadSize;
        var (presentKeys, presentValues) = batch.SpareFor(rows, total);
        var output = Logits(rows * vocab);
        var started = clock.GetTimestamp();
        session.Run(new ForwardStep
        {
            Batch = rows,
            Sequence = 1,
            Past = past,
            InputIds = ids,
            AttentionMask = mask,
            PositionIds = positions,
            PastKeys = [.. batch.Keys.Select(k => k.AsMemory(0, pastSize))],
            PastValues = [.. batch.Values.Select(v => v.AsMemory(0, pastSize))],
            PresentKeys = [.. presentKeys.Select(k => k.AsMemory(0, presentSize))],
            PresentValues = [.. presentValues.Select(v => v.AsMemory(0, presentSize))],
            Logits = output.AsMemory(0, rows * vocab),
        });
        metrics.ObserveStep("decode", rows, rows, clock.GetElapsedTime(started));
        batch.Advance();

        var finished = new List<ActiveSequence>();
        for (var r = 0; r < rows; r++)
        {
            var sequence = running[r];
            sequence.Length++;
            var token = TokenSampler.Sample(output.AsSpan(r * vocab, vocab), sequence.Request.Sampling, sequence.Random);
            if (!Accept(sequence, token))
            {
                finished.Add(sequence);
            }
        }
        Leave(finished, cancelled: false);
    }

    /// <summary>Takes the sampled token; false once the sequence has finished (and been completed).</summary>
    private bool Accept(ActiveSequence sequence, int token)
    {
        var now = clock.GetTimestamp();
        var first = sequence.FirstTokenAt == 0;
        var before = sequence.Generated;
        var reason = sequence.Accept(token, session.Tokenizer, session.Config.EndOfSequenceTokens, session.Config.Context, now);
        metrics.Tokens.Inc(sequence.Generated - before);
        if (first)
        {
            metrics.TimeToFirstToken.Observe(clock.GetElapsedTime(sequence.EnqueuedAt, now).TotalSeconds);
        }
        if (reason is null)
        {
            return true;
        }
        sequence.Finish(reason, session.Tokenizer, clock.GetElapsedTime(sequence.EnqueuedAt, sequence.AdmittedAt), clock.GetElapsedTime(sequence.EnqueuedAt, sequence.FirstTokenAt));
        return false;
    }

    private void Leave(List<ActiveSequence> leaving, bool cancelled)
    {
        foreach (var sequence in leaving)
        {
            running.Remove(sequence);
            repack = true;
            if (cancelled)
            {
                sequence.Fail(new OperationCanceledException(sequence.CancellationToken));
            }
        }
    }

    private void FailAll(Exception exception)
    {
        incoming.Writer.TryComplete();
        while (incoming.Reader.TryRead(out var sequence))
        {
            waiting.Add(sequence);
        }
        foreach (var sequence in running.Concat(waiting))
        {
            sequence.Fail(exception);
        }
        running.Clear();
        waiting.Clear();
    }

    private float[] Logits(int size)
    {
        if (logits.Length < size)
        {
            logits = new float[size];
        }
        return logits;
    }

    private static float[][] NewCaches(int layers, int size) => [.. Enumerable.Range(0, layers).Select(_ => new float[size])];

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
