using Fleet.Contracts.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// Finds running jobs whose worker stopped heartbeating (JobHeartbeat) for <see cref="JobStateOptions.LostAfterSeconds"/>
/// and tells the state machine the attempt failed with <c>worker_lost</c> (retryable): the job is re-dispatched as a
/// new attempt, and resumes from its checkpoint where its type keeps one. The broker alone redelivers the RunJob of a
/// worker whose connection dropped; this catches the rest (a delivery the broker dead-lettered after too many
/// redeliveries, a worker wedged with its connection still open). Replica-safe: a job is claimed with SKIP LOCKED and
/// its stamp moved forward, so a second Scheduler does not report it again in the same window. It reports nothing until
/// it has reached the database for a whole window, so an outage that stopped the heartbeats too is no lost worker.
/// </summary>
public sealed class LostJobWatchdog(
    NpgsqlDataSource dataSource,
    IBus bus,
    IOptions<JobStateOptions> options,
    TimeProvider clock,
    ILogger<LostJobWatchdog> logger) : BackgroundService
{
    private const string ClaimStale = """
        UPDATE jobs SET heartbeat_at = now()
        WHERE id IN (
            SELECT id FROM jobs
            WHERE state = 'running' AND greatest(heartbeat_at, updated_at) < now() - make_interval(secs => $1)
            LIMIT 500 FOR UPDATE SKIP LOCKED)
        RETURNING id, attempts, worker_id
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var lostAfter = TimeSpan.FromSeconds(settings.LostAfterSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.WatchdogIntervalSeconds), clock);
        // Since when this process has reached the database without a break. The workers' heartbeats fail during the
        // same outages, so a stale stamp only means a lost worker once heartbeats have had a full window to resume.
        DateTimeOffset? reachableSince = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (reachableSince is null)
                {
                    await using var ping = dataSource.CreateCommand("SELECT 1");
                    await ping.ExecuteScalarAsync(stoppingToken);
                    reachableSince = clock.GetUtcNow();
                }
                if (clock.GetUtcNow() - reachableSince >= lostAfter)
                {
                    await ReportLostAsync(settings.LostAfterSeconds, stoppingToken);
                }
            }
            catch (NpgsqlException ex)
            {
                reachableSince = null;
                logger.LogWarning(ex, "Lost-worker scan failed; retrying next tick");
            }
        }
    }

    /// <summary>One scan: claims the stale running jobs and publishes a <c>worker_lost</c> failure for each.</summary>
    public async Task<int> ReportLostAsync(int lostAfterSeconds, CancellationToken cancellationToken)
    {
        var lost = new List<(Guid JobId, int Attempt, string? WorkerId)>();
        await using (var command = dataSource.CreateCommand(ClaimStale))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (double)lostAfterSeconds });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lost.Add((reader.GetGuid(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        foreach (var (jobId, attempt, workerId) in lost)
        {
            logger.LogWarning("Job {JobId} attempt {Attempt} on worker {WorkerId} sent no heartbeat for {LostAfterSeconds} s; re-dispatching",
                jobId, attempt, workerId, lostAfterSeconds);
            await bus.Publish(new JobFailed
            {
                JobId = jobId,
                Attempt = attempt,
                ErrorCode = JobErrorCodes.WorkerLost,
                ErrorMessage = $"Worker {workerId} sent no heartbeat for {lostAfterSeconds} s.",
                Retryable = true,
                Timestamp = clock.GetUtcNow(),
                WorkerId = workerId,
            }, cancellationToken);
        }
        return lost.Count;
    }
}
