using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults.Metrics;
using Fleet.Storage.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Scheduler.Schedules;

/// <summary>
/// Submits a fleet job the way POST /v1/jobs does (<see cref="JobSubmission"/>: the job row and its RunJob in the
/// outbox, one statement), keyed so that one key can only ever make one job.
/// </summary>
public sealed class ScheduledJobSubmitter(NpgsqlDataSource dataSource, TimeProvider clock, JobMetrics metrics, IOptions<SchedulesOptions> options)
{
    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The job holding <paramref name="idempotencyKey"/>, and whether this call created it.</summary>
    public async Task<(Guid JobId, bool Created)> SubmitAsync(string jobType, string idempotencyKey, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{jobType}\n{EmptyInput.GetRawText()}")));
        var job = new NewJob(Guid.CreateVersion7(now), settings.Tenant, jobType, EmptyInput, 0, settings.MaxAttempts, null, null, idempotencyKey, hash, now);
        await using (var insert = JobSubmission.CreateInsertCommand(dataSource, job, "id"))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken) is Guid created)
            {
                metrics.Entered(jobType, JobStates.Queued);
                return (created, true);
            }
        }
        await using var find = dataSource.CreateCommand("SELECT id FROM jobs WHERE tenant_id = $1 AND idempotency_key = $2");
        find.Parameters.Add(new NpgsqlParameter { Value = settings.Tenant });
        find.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
        var existing = await find.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Idempotency key {idempotencyKey} was taken, but no job holds it.");
        return ((Guid)existing, false);
    }
}
