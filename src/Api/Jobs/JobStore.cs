using Fleet.Api.Outbox;
using Fleet.Storage.Jobs;
using Fleet.Storage.Outbox;
using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Api.Jobs;

/// <summary>
/// Job rows and the outbox. A submit is one statement: the job row and its first message commit together or not
/// at all, so a job is never recorded without its command nor its command sent without the job.
/// </summary>
public sealed class JobStore(
    NpgsqlDataSource dataSource, OutboxSignal outboxSignal, TimeProvider clock, JobMetrics metrics, IOptions<JobsOptions> options)
{
    public async Task<SubmitOutcome> SubmitAsync(string tenantId, SubmitJobRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var fingerprint = request.Fingerprint();
        var job = new NewJob(
            Guid.CreateVersion7(now), tenantId, request.Type, request.Input, request.Priority,
            request.MaxAttempts ?? options.Value.DefaultMaxAttempts, request.TimeoutSeconds, request.RunAt,
            idempotencyKey, fingerprint, now);
        await using var command = JobSubmission.CreateInsertCommand(dataSource, job, JobRecord.Columns);
        var created = await ReadSingleAsync(command, cancellationToken);
        if (created is not null)
        {
            outboxSignal.Notify();
            metrics.Entered(job.Type, job.IsScheduled ? JobStates.Scheduled : JobStates.Queued);
            return new SubmitOutcome(created, SubmitResult.Created);
        }

        // The key was used before (or by a concurrent request, whose commit ON CONFLICT waited for).
        var existing = await FindByIdempotencyKeyAsync(tenantId, idempotencyKey!, cancellationToken)
            ?? throw new InvalidOperationException("An idempotency conflict was reported but no job holds the key.");
        return new SubmitOutcome(existing, existing.RequestHash == fingerprint ? SubmitResult.Replayed : SubmitResult.KeyReused);
    }

    public async Task<JobRecord?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {JobRecord.Columns} FROM jobs WHERE id = $1 AND tenant_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return await ReadSingleAsync(command, cancellationToken);
    }

    /// <summary>Newest first; <paramref name="after"/> is the last row of the previous page.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListAsync(string tenantId, string? state, string? type, JobCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {JobRecord.Columns} FROM jobs
            WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR type = $3)
              AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5))
            ORDER BY created_at DESC, id DESC LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after?.CreatedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = after?.Id ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var jobs = new List<JobRecord>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(JobRecord.Read(reader));
        }
        return jobs;
    }

    /// <summary>Queues a control message for the job state machine in the outbox, in the trace of the request.</summary>
    public async Task EnqueueControlAsync<T>(T message, CancellationToken cancellationToken) where T : class
    {
        var row = OutboxMessage.Send(JobQueues.JobState, message);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO outbox (destination, message_type, body, traceparent, tracestate) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = row.Destination });
        command.Parameters.Add(new NpgsqlParameter { Value = row.MessageType });
        command.Parameters.Add(new NpgsqlParameter { Value = row.Body, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Trace?.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Trace?.TraceState ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
        outboxSignal.Notify();
    }

    private async Task<JobRecord?> FindByIdempotencyKeyAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {JobRecord.Columns} FROM jobs WHERE tenant_id = $1 AND idempotency_key = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return await ReadSingleAsync(command, cancellationToken);
    }

    private static async Task<JobRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? JobRecord.Read(reader) : null;
    }
}

public enum SubmitResult { Created, Replayed, KeyReused }

public sealed record SubmitOutcome(JobRecord Job, SubmitResult Result);
