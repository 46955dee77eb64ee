using Fleet.Contracts.Jobs;
using Fleet.Storage.Outbox;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Storage.Jobs;

/// <summary>
/// The one way a job enters Fleet, shared by the Api and the Scheduler: the job row and its first message (RunJob to
/// the type's queue, or SubmitScheduledJob to the state machine when runAt lies ahead) in one statement, so they
/// commit together or not at all. The message keeps the caller's trace context, so the job's trace starts at the submit. A used idempotency key inserts nothing and returns no row.
/// </summary>
public static class JobSubmission
{
    private static readonly System.Text.CompositeFormat InsertSql = System.Text.CompositeFormat.Parse("""
        WITH ins AS (
            INSERT INTO jobs (id, tenant_id, type, state, priority, input, max_attempts, timeout_seconds, run_at,
                              idempotency_key, request_hash, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
            ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING {0})
        , out AS (INSERT INTO outbox (destination, message_type, body, traceparent, tracestate) SELECT $13, $14, $15, $16, $17 FROM ins)
        SELECT {0} FROM ins
        """);

    /// <summary>The message that starts <paramref name="job"/>.</summary>
    public static OutboxMessage FirstMessage(NewJob job) => job.IsScheduled
        ? OutboxMessage.Send(JobQueues.JobState, new SubmitScheduledJob { JobId = job.Id, RunAt = job.RunAt!.Value })
        : OutboxMessage.Send(JobQueues.ForType(job.Type, job.Priority), new RunJob
        {
            JobId = job.Id, TenantId = job.TenantId, Type = job.Type, Input = job.Input,
            Attempt = 1, MaxAttempts = job.MaxAttempts, TimeoutSeconds = job.TimeoutSeconds,
        });

    /// <summary>
    /// The insert of <paramref name="job"/> and its first message, answering <paramref name="returningColumns"/> of
    /// the new row, or no row when the idempotency key is taken.
    /// </summary>
    public static NpgsqlCommand CreateInsertCommand(NpgsqlDataSource dataSource, NewJob job, string returningColumns)
    {
        var firstMessage = FirstMessage(job);
        var command = dataSource.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, InsertSql, returningColumns));
        command.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = job.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = job.Type });
        command.Parameters.Add(new NpgsqlParameter { Value = job.IsScheduled ? JobStates.Scheduled : JobStates.Queued });
        command.Parameters.Add(new NpgsqlParameter { Value = job.Priority });
        command.Parameters.Add(new NpgsqlParameter { Value = job.Input.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = job.MaxAttempts });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)job.TimeoutSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)job.RunAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)job.IdempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = job.RequestHash });
        command.Parameters.Add(new NpgsqlParameter { Value = job.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = firstMessage.Destination });
        command.Parameters.Add(new NpgsqlParameter { Value = firstMessage.MessageType });
        command.Parameters.Add(new NpgsqlParameter { Value = firstMessage.Body, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)firstMessage.Trace?.TraceParent ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)firstMessage.Trace?.TraceState ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }
}
