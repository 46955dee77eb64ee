using System.Diagnostics;
using System.Globalization;
using Fleet.Chaos;
using Npgsql;

// Chaos harness (issue 4): N noop jobs through a local fleet while workers are SIGKILLed and RabbitMQ and PostgreSQL
// restart; then checks that every acknowledged job succeeded exactly once. Details go to stderr; stdout gets one line.
ChaosOptions options;
try
{
    options = ChaosOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"chaos: {ex.Message}");
    Console.Error.WriteLine(ChaosOptions.Usage);
    return 2;
}

var paths = FleetPaths.Find(options.Root);
var connectionString = Environment.GetEnvironmentVariable("FLEET_CHAOS_POSTGRES") is { Length: > 0 } cs
    ? cs
    : "Host=127.0.0.1;Port=55432;Database=fleet;Username=fleet;Password=fleet";
await using var db = new NpgsqlDataSourceBuilder(connectionString).Build();
using var http = Submitter.CreateClient(paths);

var runTag = $"{options.Seed}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";
var plan = Submitter.Plan(options, runTag);
var submitter = new Submitter(http, options.SubmitConcurrency, options.SubmitRate);
var monkey = new ChaosMonkey(paths, db, options);
var verifier = new Verifier(db, paths);
monkey.RememberScale();

Console.Error.WriteLine($"chaos: run {runTag}: {options.Jobs} noop jobs, workers {string.Join(' ', paths.SupervisedWorkers())}, " +
    $"kill every {options.KillEverySeconds} s, broker restart {options.BrokerRestart}, database restart {options.DatabaseRestart}");

var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(options.DeadlineSeconds);
using var stopChaos = new CancellationTokenSource();
using var stopAll = new CancellationTokenSource(deadline + TimeSpan.FromSeconds(120));

var submitting = submitter.SubmitAllAsync(plan, stopAll.Token);
var killing = monkey.KillWorkersAsync(stopChaos.Token);
// The outages come while jobs are in flight, each on its own trigger: the broker once a fifth of the jobs has
// finished, the database once half has. (rabbitmqctl itself can take 10-20 s to act on a loaded 2-core machine.)
var finished = 0;
var outages = Task.WhenAll(
    Task.Run(async () =>
    {
        if (options.BrokerRestart)
        {
            await WaitForFinishedAsync(options.Jobs / 5);
            await monkey.RestartBrokerAsync(stopAll.Token);
        }
    }),
    Task.Run(async () =>
    {
        if (options.DatabaseRestart)
        {
            await WaitForFinishedAsync(options.Jobs / 2);
            await monkey.RestartDatabaseAsync(stopAll.Token);
        }
    }));

Dictionary<string, int> states = [];
var lastReport = TimeSpan.Zero;
while (clock.Elapsed < deadline)
{
    await Task.Delay(500);
    var ids = submitter.Acknowledged.Keys.ToArray();
    try
    {
        states = await verifier.CountStatesAsync(ids, stopAll.Token);
    }
    catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
    {
        continue;
    }
    var done = states.Where(s => !Verifier.Unfinished.Contains(s.Key)).Sum(s => s.Value);
    Volatile.Write(ref finished, done);
    var unfinished = ids.Length - done;
    if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
    {
        lastReport = clock.Elapsed;
        Console.Error.WriteLine($"chaos: {clock.Elapsed.TotalSeconds:F0}s submitted={submitter.Submitted} retries={submitter.Retries} " +
            string.Join(' ', states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")));
    }
    if (submitting.IsCompleted && outages.IsCompleted && unfinished == 0)
    {
        break;
    }
}
var seconds = clock.Elapsed.TotalSeconds;
await stopChaos.CancelAsync();
await killing;
if (!submitting.IsCompleted || !outages.IsCompleted)
{
    await stopAll.CancelAsync();
}
await Task.WhenAll(Swallow(submitting), Swallow(outages));

// The outcome: rows and end events from PostgreSQL (retried while it restarts), executions from the workers' ledgers.
var acknowledged = submitter.Acknowledged.Keys.ToArray();
var rows = await RetryAsync(() => verifier.RowsAsync(acknowledged, CancellationToken.None));
var doubled = await RetryAsync(() => verifier.DoubledAsync(acknowledged, CancellationToken.None));
var executions = verifier.SuccessfulExecutions(acknowledged.ToHashSet());

var succeeded = rows.Values.Count(r => r.State == "succeeded");
var stuck = rows.Values.Count(r => Verifier.Unfinished.Contains(r.State));
var lost = acknowledged.Length - succeeded - stuck;
var missing = acknowledged.Count(id => !rows.ContainsKey(id));

Console.Error.WriteLine($"chaos: kills={monkey.Kills.Count} submit-retries={submitter.Retries} rejected={submitter.Rejected} " +
    $"executions={executions.Values.Sum(e => e.Count)} re-executed={executions.Count(e => e.Value.Count > 1)} no-ledger-line={acknowledged.Count(id => !executions.ContainsKey(id))}");
if (lost > 0)
{
    Console.Error.WriteLine($"chaos: lost: no row={missing} " + string.Join(' ',
        rows.Values.Where(r => r.State is not "succeeded" && !Verifier.Unfinished.Contains(r.State))
            .GroupBy(r => $"{r.State}/{r.ErrorCode}").Select(g => $"{g.Key}={g.Count()}")));
}
foreach (var id in doubled.Keys.Take(10))
{
    Console.Error.WriteLine($"chaos: doubled {id}: {doubled[id]} end events");
}
foreach (var row in rows.Values.Where(r => Verifier.Unfinished.Contains(r.State)).Take(10))
{
    Console.Error.WriteLine($"chaos: stuck {row.Id}: {row.State} on {row.WorkerId}");
}
ReportRedispatch(monkey.Kills, executions, submitter.Acknowledged, monkey.BrokerOutage);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"submitted={acknowledged.Length} succeeded={succeeded} lost={lost} doubled={doubled.Count} stuck={stuck} seconds={seconds:F0}"));
return lost > 0 || doubled.Count > 0 || stuck > 0 || submitter.Rejected > 0 ? 1 : 0;

async Task WaitForFinishedAsync(int count)
{
    while (Volatile.Read(ref finished) < count && clock.Elapsed < deadline)
    {
        await Task.Delay(100);
    }
}

// Re-dispatch time: from the SIGKILL to the start of the next successful execution of each job the database had as
// running on the killed worker (the "Attempt N succeeded" log time minus the job's sleepMs; worker clocks on this
// machine). A job whose execution succeeded before the kill was not really running there (its JobSucceeded was still
// on its way to the Scheduler) and is left out.
static void ReportRedispatch(IEnumerable<Kill> kills, Dictionary<Guid, List<DateTimeOffset>> executions, IReadOnlyDictionary<Guid, PlannedJob> jobs,
    (DateTimeOffset From, DateTimeOffset To)? brokerOutage)
{
    var samples = new List<double>();
    var duringOutage = new List<double>();
    var stale = 0;
    var seen = new HashSet<Guid>();
    foreach (var kill in kills.OrderBy(k => k.At))
    {
        // Only the first kill that caught a job counts: a later kill of the restarted worker of the same name still
        // finds the row "running" there while the job already runs elsewhere.
        foreach (var id in kill.RunningJobs.Where(seen.Add))
        {
            if (!executions.TryGetValue(id, out var times) || !jobs.TryGetValue(id, out var job))
            {
                continue;
            }
            var start = times.Min() - TimeSpan.FromMilliseconds(job.SleepMs);
            if (times.Any(t => t <= kill.At) || start < kill.At - TimeSpan.FromMilliseconds(50))
            {
                stale++;
                continue;
            }
            var inOutage = brokerOutage is { } o && kill.At >= o.From && kill.At <= o.To;
            (inOutage ? duringOutage : samples).Add(Math.Max(0, (start - kill.At).TotalMilliseconds));
        }
    }
    Console.Error.WriteLine($"chaos: re-dispatch after SIGKILL: {Percentiles(samples)} (stale running rows skipped: {stale})");
    Console.Error.WriteLine($"chaos: re-dispatch after SIGKILL during the broker outage: {Percentiles(duringOutage)}");
}

static string Percentiles(List<double> samples)
{
    if (samples.Count == 0)
    {
        return "n=0";
    }
    samples.Sort();
    double At(double q) => samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(q * samples.Count) - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"n={samples.Count} p50={At(0.50):F0}ms p99={At(0.99):F0}ms max={samples[^1]:F0}ms");
}

static async Task Swallow(Task task)
{
    try
    {
        await task;
    }
    catch (OperationCanceledException)
    {
    }
}

static async Task<T> RetryAsync<T>(Func<Task<T>> read)
{
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && attempt < 30)
        {
            await Task.Delay(1000);
        }
    }
}
