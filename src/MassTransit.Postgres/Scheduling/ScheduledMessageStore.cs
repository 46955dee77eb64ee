using Npgsql;
using NpgsqlTypes;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// The consumers' writes to <c>scheduled_messages</c> and its cancellations. A schedule and a cancel of the same
/// token take the same transaction-scoped advisory lock first: under READ COMMITTED, an unlocked schedule could miss
/// an uncommitted tombstone while the cancel misses the uncommitted row, and the cancelled message would be sent.
/// Each write is one round trip: a batch without an explicit transaction runs as one implicit transaction.
/// </summary>
internal sealed class ScheduledMessageStore(NpgsqlDataSource dataSource)
{
    /// <summary>NOTIFY channel that wakes dispatchers when a message is stored.</summary>
    public const string InsertChannel = "fleet_scheduled_messages";

    // First key of the two-int advisory lock space, so token locks cannot collide with Fleet's single-bigint locks.
    private const string LockToken = "SELECT pg_advisory_xact_lock(1179861832, hashtext($1::text))";

    private const string InsertSql = $"""
        WITH stored AS (
            INSERT INTO scheduled_messages (token_id, due_at, destination, content_type, body, message_types,
                message_id, correlation_id, conversation_id, initiator_id, request_id,
                source_address, response_address, fault_address, expiration_time, headers, transport_properties)
            SELECT $1::uuid, $2::timestamptz, $3::text, $4::text, $5::text, $6::text[],
                $7::uuid, $8::uuid, $9::uuid, $10::uuid, $11::uuid,
                $12::text, $13::text, $14::text, $15::timestamptz, $16::jsonb, $17::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM scheduled_message_cancellations c WHERE c.token_id = $1::uuid)
            ON CONFLICT (token_id) DO UPDATE SET
                due_at = EXCLUDED.due_at, destination = EXCLUDED.destination, content_type = EXCLUDED.content_type,
                body = EXCLUDED.body, message_types = EXCLUDED.message_types, message_id = EXCLUDED.message_id,
                correlation_id = EXCLUDED.correlation_id, conversation_id = EXCLUDED.conversation_id,
                initiator_id = EXCLUDED.initiator_id, request_id = EXCLUDED.request_id,
                source_address = EXCLUDED.source_address, response_address = EXCLUDED.response_address,
                fault_address = EXCLUDED.fault_address, expiration_time = EXCLUDED.expiration_time,
                headers = EXCLUDED.headers, transport_properties = EXCLUDED.transport_properties, attempts = 0
            RETURNING token_id)
        SELECT pg_notify('{InsertChannel}', '') FROM stored
        """;

    /// <summary>
    /// Stores (or, for a redelivered or re-used token, replaces) a scheduled message. Returns false when the token
    /// was cancelled before its schedule arrived, in which case nothing is stored.
    /// </summary>
    public async Task<bool> ScheduleAsync(ScheduledMessageRecord message, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(LockToken, message.TokenId));
        batch.BatchCommands.Add(Command(InsertSql,
            message.TokenId,
            message.DueAt.UtcDateTime,
            message.Destination.ToString(),
            message.ContentType,
            message.Body,
            message.MessageTypes.ToArray(),
            message.MessageId,
            message.CorrelationId,
            message.ConversationId,
            message.InitiatorId,
            message.RequestId,
            message.SourceAddress?.ToString(),
            message.ResponseAddress?.ToString(),
            message.FaultAddress?.ToString(),
            message.ExpirationTime?.UtcDateTime,
            Jsonb(HeaderValuesJson.Serialize(message.Headers)),
            Jsonb(HeaderValuesJson.Serialize(message.TransportProperties))));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the token's message if it is stored, and leaves a tombstone until <paramref name="retention"/> has
    /// passed so that a ScheduleMessage consumed after this cancel (or redelivered after it) is dropped.
    /// Returns whether a stored message was deleted.
    /// </summary>
    public async Task<bool> CancelAsync(Guid tokenId, TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(LockToken, tokenId));
        var delete = Command("DELETE FROM scheduled_messages WHERE token_id = $1", tokenId);
        batch.BatchCommands.Add(delete);
        batch.BatchCommands.Add(Command("""
            INSERT INTO scheduled_message_cancellations (token_id, expires_at) VALUES ($1, now() + $2)
            ON CONFLICT (token_id) DO UPDATE SET cancelled_at = now(), expires_at = EXCLUDED.expires_at
            """, tokenId, retention));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return delete.RecordsAffected > 0;
    }

    /// <summary>Locks up to <paramref name="batchSize"/> due messages that no other dispatcher holds.</summary>
    public Task<DueMessageClaim> ClaimDueAsync(int batchSize, CancellationToken cancellationToken) =>
        DueMessageClaim.ClaimAsync(dataSource, batchSize, cancellationToken);

    /// <summary>
    /// Time until the earliest stored message is due (negative when overdue, null when none), measured on the
    /// database clock, which is the clock the claim compares due times with.
    /// </summary>
    public async Task<TimeSpan?> TimeUntilNextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXTRACT(EPOCH FROM min(due_at) - clock_timestamp())::float8 FROM scheduled_messages");
        return await command.ExecuteScalarAsync(cancellationToken) is double seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    public async Task<int> PurgeExpiredCancellationsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM scheduled_message_cancellations WHERE expires_at < now()");
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        return command;
    }

    private static NpgsqlParameter Jsonb(string? json) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)json ?? DBNull.Value };
}
