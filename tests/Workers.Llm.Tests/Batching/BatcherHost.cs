using Fleet.Workers.Llm.Batching;
using Fleet.Workers.Llm.Inference;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Fleet.Workers.Llm.Tests.Batching;

/// <summary>A started <see cref="ContinuousBatcher"/> over the fixture model, with its own metrics registry.</summary>
public sealed class BatcherHost : IAsyncDisposable
{
    private BatcherHost(ContinuousBatcher batcher, LlmMetrics metrics)
    {
        Batcher = batcher;
        Metrics = metrics;
    }

    public ContinuousBatcher Batcher { get; }

    public LlmMetrics Metrics { get; }

    public static async Task<BatcherHost> StartAsync(FixtureModel model, int maxBatchSize = 8, int maxBatchTokens = 8192)
    {
        var options = model.Options();
        options.MaxBatchSize = maxBatchSize;
        options.MaxBatchTokens = maxBatchTokens;
        var metrics = new LlmMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var batcher = new ContinuousBatcher(model.Session, Options.Create(options), new Random(7), TimeProvider.System, metrics);
        await batcher.StartAsync(TestContext.Current.CancellationToken);
        return new BatcherHost(batcher, metrics);
    }

    public async ValueTask DisposeAsync()
    {
        await Batcher.StopAsync(CancellationToken.None);
        Batcher.Dispose();
    }
}
