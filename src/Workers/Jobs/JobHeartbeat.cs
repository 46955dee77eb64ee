using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Stamps <c>jobs.heartbeat_at</c> for every attempt running in this process, every
/// <see cref="WorkerOptions.HeartbeatSeconds"/>: one statement per interval, whatever the number of jobs. The
/// Scheduler's LostJobWatchdog re-dispatches a running job whose stamp goes stale, so a job whose worker vanished
/// without the broker noticing (or whose delivery the broker dead-lettered) does not stay running forever.
/// </summary>
public sealed class JobHeartbeat(
    RunningJobs runningJobs,
    NpgsqlDataSource dataSource,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<JobHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var ids = runningJobs.Ids();
            if (ids.Length == 0)
            {
                continue;
            }
            try
            {
                await using var command = dataSource.CreateCommand(
                    "UPDATE jobs SET heartbeat_at = now() WHERE id = ANY($1) AND state = 'running'");
                command.Parameters.Add(new NpgsqlParameter { Value = ids });
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException ex)
            {
                // The next tick tries again; a database outage longer than the watchdog's limit re-dispatches the
                // job, which the attempt fence then keeps from running twice.
                logger.LogWarning(ex, "Heartbeat for {Count} running job(s) failed", ids.Length);
            }
        }
    }
}
