using System.Numerics.Tensors;
using Fleet.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Retrieval.Tests.Embeddings;

/// <summary>The real all-MiniLM-L6-v2 from the NuGet package: ~0.5 s to load, a few ms a sentence.</summary>
public sealed class MiniLmEmbedderTests : IDisposable
{
    private readonly MiniLmEmbedder embedder = new(Options.Create(new EmbeddingOptions { MaxBatchSize = 4 }), NullLogger<MiniLmEmbedder>.Instance);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Vectors_have_384_unit_length_dimensions_and_close_meanings_score_higher()
    {
        var vectors = await embedder.EmbedAsync(["The cat sat on the mat.", "A kitten rested on a rug.", "Backups are taken with pg_dump."], Cancellation);

        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, TensorPrimitives.Norm(v), 4));
        Assert.True(TensorPrimitives.Dot(vectors[0], vectors[1]) > TensorPrimitives.Dot(vectors[0], vectors[2]) + 0.3);
    }

    [Fact]
    public async Task Concurrent_requests_merged_into_batches_get_the_vectors_each_gets_alone_in_order()
    {
        var texts = Enumerable.Range(0, 10).Select(i => $"Sentence {i} is about topic number {i * 7}.").ToArray();
        var alone = new List<float[]>();
        foreach (var text in texts)
        {
            alone.Add((await embedder.EmbedAsync([text], Cancellation))[0]);
        }

        var together = await Task.WhenAll(texts.Chunk(3).Select(group => embedder.EmbedAsync(group, Cancellation)));

        var merged = together.SelectMany(v => v).ToList();
        Assert.Equal(texts.Length, merged.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(1.0, TensorPrimitives.Dot(alone[i], merged[i]), 4);
        }
    }

    [Fact]
    public async Task A_request_cancelled_before_its_turn_is_cancelled_and_others_still_complete()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var refused = embedder.EmbedAsync(["never embedded"], cancelled.Token);
        var served = await embedder.EmbedAsync(["still embedded"], Cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refused);
        Assert.Equal(384, Assert.Single(served).Length);
    }

    [Fact]
    public async Task A_request_cancelled_while_it_waits_behind_a_running_batch_is_dropped_before_it_runs()
    {
        using var cancelled = new CancellationTokenSource();
        var busy = embedder.EmbedAsync(Enumerable.Range(0, 64).Select(i => $"A long enough sentence number {i} keeps the loop busy.").ToList(), Cancellation);

        var waiting = embedder.EmbedAsync(["never embedded"], cancelled.Token);
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(64, (await busy).Length);
    }

    public void Dispose() => embedder.Dispose();
}
