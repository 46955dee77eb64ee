using System.Globalization;
using System.Text.Json;
using Fleet.Contracts.Jobs;
using Fleet.MassTransit.Postgres.Sagas;
using Fleet.ServiceDefaults.Metrics;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Scheduler.Jobs;

/// <summary>
/// Maps <see cref="JobState"/> onto the <c>jobs</c> row the Api inserted. An update is one statement: the version-checked
/// UPDATE and the inserts of the transition's SSE events commit together, so a stream never shows a state the row
/// does not have, and a version conflict writes nothing. The job metrics count a transition only once its row is
/// saved, so a behaviour that a version conflict made MassTransit run again counts once, on the run that saved.
/// </summary>
public sealed class JobStateStore(JobMetrics metrics) : ISagaStore<JobState>
{
    private const string Columns =
        "id, version, state, tenant_id, type, input::text, priority, attempts, attempts_base, max_attempts, timeout_seconds, run_at, " +
        "result::text, error_code, error_message, progress_percent, progress_message, worker_id, schedule_token, " +
        "created_at, started_at, finished_at, updated_at";

    private const string UpdateSql = """
        WITH updated AS (
            UPDATE jobs SET version = $2, state = $3, attempts = $4, attempts_base = $5, max_attempts = $6,
                result = $7, error_code = $8, error_message = $9, progress_percent = $10, progress_message = $11,
                worker_id = $12, schedule_token = $13, started_at = $14, finished_at = $15, updated_at = $16
            WHERE id = $1 AND version = $17
            RETURNING id)
        , events AS (
            INSERT INTO job_events (job_id, kind, data)
            SELECT updated.id, e.kind, e.data::jsonb FROM updated, unnest($18::text[], $19::text[]) WITH ORDINALITY AS e(kind, data, n)
            ORDER BY e.n)
        SELECT count(*) FROM updated
        """;

    public async Task<JobState?> LoadAsync(NpgsqlConnection connection, Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM jobs WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = correlationId });
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }
        using var input = JsonDocument.Parse(r.GetString(5));
        return new JobState
        {
            CorrelationId = r.GetGuid(0),
            Version = r.GetInt32(1),
            CurrentState = ToMachineState(r.GetString(2)),
            TenantId = r.GetString(3),
            Type = r.GetString(4),
            Input = input.RootElement.Clone(),
            Priority = r.GetInt32(6),
            Attempts = r.GetInt32(7),
            AttemptsBase = r.GetInt32(8),
            MaxAttempts = r.GetInt32(9),
            TimeoutSeconds = r.IsDBNull(10) ? null : r.GetInt32(10),
            RunAt = r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
            ResultJson = r.IsDBNull(12) ? null : r.GetString(12),
            ErrorCode = r.IsDBNull(13) ? null : r.GetString(13),
            ErrorMessage = r.IsDBNull(14) ? null : r.GetString(14),
            ProgressPercent = r.IsDBNull(15) ? null : r.GetDouble(15),
            ProgressMessage = r.IsDBNull(16) ? null : r.GetString(16),
            WorkerId = r.IsDBNull(17) ? null : r.GetString(17),
            ScheduleToken = r.IsDBNull(18) ? null : r.GetGuid(18),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(19),
            StartedAt = r.IsDBNull(20) ? null : r.GetFieldValue<DateTimeOffset>(20),
            FinishedAt = r.IsDBNull(21) ? null : r.GetFieldValue<DateTimeOffset>(21),
            UpdatedAt = r.GetFieldValue<DateTimeOffset>(22),
        };
    }

    /// <summary>Job rows are created by the Api's submit, never by the state machine.</summary>
    public Task<bool> InsertAsync(NpgsqlConnection connection, JobState instance, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Job rows are inserted by the Api with their outbox message; the job state machine only moves them.");

    public async Task<bool> UpdateAsync(NpgsqlConnection connection, JobState instance, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpdateSql, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter { Value = instance.CorrelationId });
        p.Add(new NpgsqlParameter { Value = instance.Version });
        p.Add(new NpgsqlParameter { Value = ToRowState(instance.CurrentState) });
        p.Add(new NpgsqlParameter { Value = instance.Attempts });
        p.Add(new NpgsqlParameter { Value = instance.AttemptsBase });
        p.Add(new NpgsqlParameter { Value = instance.MaxAttempts });
        p.Add(Nullable(instance.ResultJson, NpgsqlDbType.Jsonb));
        p.Add(Nullable(instance.ErrorCode, NpgsqlDbType.Text));
        p.Add(Nullable(instance.ErrorMessage, NpgsqlDbType.Text));
        p.Add(Nullable(instance.ProgressPercent, NpgsqlDbType.Double));
        p.Add(Nullable(instance.ProgressMessage, NpgsqlDbType.Text));
        p.Add(Nullable(instance.WorkerId, NpgsqlDbType.Text));
        p.Add(Nullable(instance.ScheduleToken, NpgsqlDbType.Uuid));
        p.Add(Nullable(instance.StartedAt, NpgsqlDbType.TimestampTz));
        p.Add(Nullable(instance.FinishedAt, NpgsqlDbType.TimestampTz));
        p.Add(new NpgsqlParameter { Value = instance.UpdatedAt });
        p.Add(new NpgsqlParameter { Value = expectedVersion });
        p.Add(new NpgsqlParameter { Value = instance.PendingEvents.Select(e => e.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = instance.PendingEvents.Select(e => e.Data).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var updated = (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
        if (updated)
        {
            RecordMetrics(instance);
            instance.PendingEvents.Clear();
        }
        return updated;
    }

    // Every statement here autocommits: an UPDATE that matched its version is durable when it returns. A redelivery
    // of the same message later finds the new state and records no event (the machine ignores it), so nothing counts twice.
    private void RecordMetrics(JobState job)
    {
        foreach (var state in job.PendingEvents.Select(e => e.EnteredState).OfType<string>())
        {
            metrics.Entered(job.Type, state);
            if (JobStates.IsFinished(state) && job is { StartedAt: { } started, FinishedAt: { } finished })
            {
                metrics.Finished(job.Type, finished - started);
            }
        }
    }

    /// <summary>Jobs are kept after they finish (their history is the product); the machine never finalizes one.</summary>
    public Task<bool> DeleteAsync(NpgsqlConnection connection, JobState instance, int expectedVersion, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Job rows are never deleted by the job state machine.");

    /// <summary>"running" in the row is the machine's "Running" state.</summary>
    public static string ToMachineState(string rowState) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(rowState);

    public static string ToRowState(string machineState) => machineState.ToLowerInvariant();

    private static NpgsqlParameter Nullable<T>(T? value, NpgsqlDbType type) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = type };
}
