using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Fleet.Bench.Peers;

/// <summary>
/// The peer a .NET team would pick for background jobs: Hangfire on PostgreSQL, enqueue + process of no-op jobs with
/// an in-process BackgroundJobServer, on the fleet's PostgreSQL server in a database of its own.
/// </summary>
public sealed class HangfireBench(BenchEnvironment env, BenchReport report)
{
    public const string Database = "fleet_bench_hangfire";

    public async Task RunAsync(BenchArgs args, CancellationToken ct)
    {
        var jobs = args.Number("jobs", 20_000);
        var workers = args.Number("workers", 20);
        var enqueueThreads = args.Number("enqueue-threads", 8);
        var warmup = args.Number("warmup", 200);
        var pollMs = args.Number("poll-ms", 200);
        var longPolling = args.Flag("long-polling");
        Console.WriteLine($"== hangfire: {jobs} no-op jobs, {workers} workers, {enqueueThreads} enqueue threads, " +
                          $"queue poll {pollMs} ms{(longPolling ? " + long polling" : "")}");

        await RecreateDatabaseAsync(ct);
        var connectionString = env.PostgresDatabase(Database);
        var options = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = true,
            // The default 15 s poll would idle workers between bursts; a tuned deployment shortens it.
            QueuePollInterval = TimeSpan.FromMilliseconds(pollMs),
            EnableLongPolling = longPolling,
        };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        var client = new BackgroundJobClient(storage);
        var serverOptions = new BackgroundJobServerOptions
        {
            WorkerCount = workers,
            ServerName = "fleet-bench",
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using (new BackgroundJobServer(serverOptions, storage))
        {
            // Warm-up: JIT, connection pool and schema caches, so the timed run measures the steady state.
            var clock = Stopwatch.StartNew();
            await EnqueueAsync(client, warmup, enqueueThreads, ct);
            await CompletionPoller.WaitAsync("hangfire warm-up", warmup, clock, c => CountAsync(dataSource, c),
                TimeSpan.FromSeconds(60), ct);

            clock.Restart();
            await EnqueueAsync(client, jobs, enqueueThreads, ct);
            var enqueued = clock.Elapsed;
            var done = await CompletionPoller.WaitAsync("hangfire", warmup + jobs, clock, c => CountAsync(dataSource, c),
                TimeSpan.FromSeconds(args.Number("timeout", 120)), ct);

            var detail = $"{jobs} jobs, {workers} workers, {enqueueThreads} enqueue threads";
            report.Add("hangfire.enqueue_jobs_per_s", jobs / enqueued.TotalSeconds, "jobs/s", detail + ", while processing");
            report.Add("hangfire.e2e_jobs_per_s", jobs / done.TotalSeconds, "jobs/s",
                $"{detail}, first enqueue to last Succeeded, {done.TotalSeconds:0.0} s");
        }
    }

    private static Task EnqueueAsync(BackgroundJobClient client, int jobs, int threads, CancellationToken ct)
    {
        var next = -1;
        // Hangfire's client is synchronous (one INSERT transaction per job): a few dedicated threads, not the pool.
        return Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            while (Interlocked.Increment(ref next) < jobs)
            {
                ct.ThrowIfCancellationRequested();
                client.Enqueue<NoopHangfireJob>(j => j.Run());
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private static async Task<(long, long)> CountAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE statename = 'Succeeded'), count(*) FILTER (WHERE statename = 'Failed') FROM hangfire.job");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Each run starts from an empty database, so an earlier run's rows never slow or inflate this one.</summary>
    private async Task RecreateDatabaseAsync(CancellationToken ct)
    {
        await using var admin = NpgsqlDataSource.Create(env.PostgresDatabase("postgres"));
        await using (var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)"))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        await using var create = admin.CreateCommand($"CREATE DATABASE {Database}");
        await create.ExecuteNonQueryAsync(ct);
    }
}
