using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Caps how many jobs of one type run at once across the whole fleet, whatever the number of workers
/// (<see cref="WorkerOptions.FleetLimits"/>, e.g. at most 2 <c>rl.train</c>). A slot is a PostgreSQL session advisory
/// lock (key: the type's hash and the slot number) held on a connection of its own for as long as the job runs, so a
/// worker that dies releases its slots with its connection, and no table or lease needs cleaning up. A job waiting for
/// a slot stays queued and keeps its delivery, as RabbitMQ's prefetch would.
/// </summary>
public sealed class FleetConcurrencyLimiter(
    NpgsqlDataSource dataSource,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    Random random,
    ILogger<FleetConcurrencyLimiter> logger)
{
    /// <summary>The fleet-wide limit of <paramref name="jobType"/>, or null when it has none.</summary>
    public int? LimitOf(string jobType) =>
        options.Value.FleetLimits.TryGetValue(jobType, out var limit) || options.Value.FleetLimits.TryGetValue(jobType.Replace('.', '-'), out limit)
            ? limit
            : null;

    /// <summary>Waits for a free slot of <paramref name="jobType"/>; dispose the result when the job has ended.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string jobType, CancellationToken cancellationToken)
    {
        if (LimitOf(jobType) is not { } limit)
        {
            return NoSlot.Instance;
        }
        var waitingSince = clock.GetUtcNow();
        var logged = false;
        while (true)
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            for (var slot = 0; slot < limit; slot++)
            {
                if (await TryLockAsync(connection, jobType, slot, cancellationToken))
                {
                    return new Slot(connection, jobType, slot);
                }
            }
            await connection.DisposeAsync();
            if (!logged)
            {
                logger.LogInformation("All {Limit} fleet-wide slots of {JobType} are taken; waiting", limit, jobType);
                logged = true;
            }
            // Jittered, so waiting workers do not poll in step.
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.FleetLimitPollMs * (0.5 + random.NextDouble())), clock, cancellationToken);
            if (clock.GetUtcNow() - waitingSince > TimeSpan.FromMinutes(1) && logged)
            {
                logger.LogInformation("Still waiting for a slot of {JobType} after {Seconds:F0} s", jobType, (clock.GetUtcNow() - waitingSince).TotalSeconds);
                waitingSince = clock.GetUtcNow();
            }
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string jobType, int slot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('fleet-slot:' || $1), $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobType });
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed class Slot(NpgsqlConnection connection, string jobType, int slot) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Session locks outlive a pooled connection's return: release explicitly.
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('fleet-slot:' || $1), $2)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = jobType });
                command.Parameters.Add(new NpgsqlParameter { Value = slot });
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken connection has lost the lock with its session already; nothing is left to release.
            }
            await connection.DisposeAsync();
        }
    }

    private sealed class NoSlot : IAsyncDisposable
    {
        public static readonly NoSlot Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
