using System.Diagnostics;
using MassTransit;
using RabbitMQ.Client;

namespace Fleet.Bench.Peers;

/// <summary>
/// The raw bus ceiling: MassTransit publish → consume over the fleet's RabbitMQ with publisher confirms, the consumer
/// in a child process with prefetch 512. Any job path that rides this bus lands somewhere below this figure.
/// </summary>
public sealed class BusBench(BenchEnvironment env, BenchReport report)
{
    public async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var messages = args.Number("messages", 50_000);
        var warmup = args.Number("warmup", 1_000);
        var inflight = args.Number("inflight", 256);
        var prefetch = args.Number("prefetch", 512);
        var quorum = args.Flag("quorum");
        var run = Guid.NewGuid().ToString("N")[..8];
        var queue = $"fleet-bench-bus-{run}";
        var exchange = $"fleet-bench-ping-{run}";
        Console.WriteLine($"== bus: {messages} messages, {inflight} publishes in flight, prefetch {prefetch}, " +
                          $"{(quorum ? "quorum" : "classic")} queue {queue}, consumer in a child process");

        using var child = StartConsumer(queue, exchange, messages, warmup, prefetch, quorum);
        try
        {
            await child.WaitForAsync("READY", TimeSpan.FromSeconds(60), ct);
            var bus = BenchBusFactory.Create(env, exchange);
            await bus.StartAsync(ct);
            try
            {
                await PublishAsync(bus, 0, warmup, inflight, ct);
                await child.WaitForAsync("WARM", TimeSpan.FromSeconds(120), ct);

                var clock = Stopwatch.StartNew();
                await PublishAsync(bus, warmup, messages, inflight, ct);
                var published = clock.Elapsed;
                await child.WaitForAsync("DONE", TimeSpan.FromSeconds(args.Number("timeout", 300)), ct);
                var consumed = clock.Elapsed;

                var detail = $"{messages} msgs, {inflight} in flight, prefetch {prefetch}, {(quorum ? "quorum" : "classic")} queue";
                report.Add("bus.publish_msgs_per_s", messages / published.TotalSeconds, "msg/s", detail + ", confirmed publishes");
                report.Add("bus.e2e_msgs_per_s", messages / consumed.TotalSeconds, "msg/s",
                    $"{detail}, cross-process, first publish to last consume, {consumed.TotalSeconds:0.0} s");
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await child.StopAsync();
            await DeleteTopologyAsync(queue, exchange);
        }
    }

    private static Task PublishAsync(IBus bus, int first, int count, int inflight, CancellationToken ct)
    {
        var next = first - 1;
        var end = first + count;
        // A fixed number of publish loops, each awaiting its confirm: 1 loop gives ~1,800/s here (ENVIRONMENT.md).
        return Task.WhenAll(Enumerable.Range(0, inflight).Select(async _ =>
        {
            int seq;
            while ((seq = Interlocked.Increment(ref next)) < end)
            {
                await bus.Publish(new BenchPing { JobId = Guid.NewGuid(), Sequence = seq }, ct);
            }
        }));
    }

    private static ChildProcess StartConsumer(string queue, string exchange, int messages, int warmup, int prefetch, bool quorum)
    {
        var args = new List<string>
        {
            "bus-consumer", "--queue", queue, "--exchange", exchange, "--messages", messages.ToString(),
            "--warmup", warmup.ToString(), "--prefetch", prefetch.ToString(),
        };
        if (quorum)
        {
            args.Add("--quorum");
        }

        return ChildProcess.StartSelf(args);
    }

    /// <summary>This run's queue and exchanges are durable: delete them so runs leave the broker as they found it.</summary>
    private async Task DeleteTopologyAsync(string queue, string exchange)
    {
        var factory = new ConnectionFactory { Uri = env.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var q in new[] { queue, queue + "_error", queue + "_skipped" })
        {
            await channel.QueueDeleteAsync(q);
        }

        foreach (var x in new[] { queue, queue + "_error", queue + "_skipped", exchange })
        {
            await channel.ExchangeDeleteAsync(x);
        }
    }
}
