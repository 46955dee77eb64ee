using Fleet.Workers.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Integration.Tests.Workers;

/// <summary>
/// The fleet-wide cap of a job type, against the real PostgreSQL: several "workers" (each with its own connection
/// pool, as separate processes have) compete for the slots of one type.
/// </summary>
public sealed class FleetConcurrencyLimiterTests(FleetServers fleet)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jobs_of_a_limited_type_never_run_more_at_once_than_the_limit_across_workers()
    {
        var jobType = "limited-" + Guid.NewGuid().ToString("N")[..8];
        var workers = Enumerable.Range(0, 3).Select(_ => new NpgsqlDataSourceBuilder(fleet.Database.ConnectionString).Build()).ToList();
        var limiters = workers.Select(w => Limiter(w, jobType, limit: 2)).ToList();
        var running = 0;
        var mostAtOnce = 0;

        // 12 jobs, 4 on each worker, all at once: each holds its slot for a while, as a running job does.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            await using (await limiters[i % limiters.Count].AcquireAsync(jobType, Cancellation))
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostAtOnce, now);
                await Task.Delay(150, Cancellation);
                Interlocked.Decrement(ref running);
            }
        }));

        Assert.Equal(2, mostAtOnce);
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_worker_that_dies_holding_a_slot_frees_it_with_its_connection()
    {
        var jobType = "limited-" + Guid.NewGuid().ToString("N")[..8];
        var doomedName = "doomed-" + jobType;
        var doomed = new NpgsqlDataSourceBuilder(fleet.Database.ConnectionString + ";Application Name=" + doomedName).Build();
        var survivor = new NpgsqlDataSourceBuilder(fleet.Database.ConnectionString).Build();
        _ = await Limiter(doomed, jobType, limit: 1).AcquireAsync(jobType, Cancellation);

        // The slot's session ends as a killed process's would: the server drops its locks.
        await using (var admin = survivor.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            admin.Parameters.Add(new NpgsqlParameter { Value = doomedName });
            Assert.Equal(1L, await admin.ExecuteScalarAsync(Cancellation));
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        await using var slot = await Limiter(survivor, jobType, limit: 1).AcquireAsync(jobType, deadline.Token);

        Assert.False(deadline.IsCancellationRequested);
        await doomed.DisposeAsync();
        await survivor.DisposeAsync();
    }

    private static FleetConcurrencyLimiter Limiter(NpgsqlDataSource dataSource, string jobType, int limit) => new(
        dataSource,
        Options.Create(new WorkerOptions { FleetLimits = new() { [jobType] = limit }, FleetLimitPollMs = 20 }),
        TimeProvider.System,
        new Random(7),
        NullLogger<FleetConcurrencyLimiter>.Instance);

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
