using MassTransit;

namespace Fleet.Bench.Peers;

/// <summary>
/// The `bus-consumer` child process of the raw bus peer: consuming in another process, as Fleet's workers do, keeps the
/// publisher's and the consumer's CPU and GC apart. It talks to its parent through stdout lines: READY, WARM, DONE.
/// </summary>
public sealed class BusConsumerProcess(BenchEnvironment env)
{
    public async Task<int> RunAsync(BenchArgs args, CancellationToken ct)
    {
        var queue = args.Text("queue", "");
        var exchange = args.Text("exchange", "");
        var warmup = args.Number("warmup", 0);
        var expected = warmup + args.Number("messages", 50_000);
        var prefetch = args.Number("prefetch", 512);
        var quorum = args.Flag("quorum");
        var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumed = 0;

        var bus = BenchBusFactory.Create(env, exchange, cfg => cfg.ReceiveEndpoint(queue, e =>
        {
            e.PrefetchCount = prefetch;
            if (quorum)
            {
                e.SetQuorumQueue();
            }

            e.Handler<BenchPing>(_ =>
            {
                var n = Interlocked.Increment(ref consumed);
                if (n == warmup)
                {
                    warm.TrySetResult();
                }

                if (n == expected)
                {
                    done.TrySetResult();
                }

                return Task.CompletedTask;
            });
        }));

        // StartAsync returns once the receive endpoint is bound and consuming, so the parent may publish on READY.
        await bus.StartAsync(ct);
        try
        {
            Console.WriteLine("READY");
            if (warmup > 0)
            {
                await warm.Task.WaitAsync(TimeSpan.FromSeconds(args.Number("child-timeout", 300)), ct);
                Console.WriteLine("WARM");
            }

            await done.Task.WaitAsync(TimeSpan.FromSeconds(args.Number("child-timeout", 300)), ct);
            Console.WriteLine($"DONE {Volatile.Read(ref consumed)}");
            return 0;
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"TIMEOUT {Volatile.Read(ref consumed)}");
            return 1;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
