using Npgsql;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Due rows locked by one dispatcher. The rows stay locked (<c>FOR UPDATE SKIP LOCKED</c>, so other replicas claim
/// other rows) while they are sent; <see cref="CompleteAsync"/> then deletes the sent ones and backs off the failed
/// ones in the same transaction. Disposing without completing rolls back, which leaves every row to be sent again.
/// </summary>
internal sealed class DueMessageClaim : IAsyncDisposable
{
    private const string ClaimSql = """
        SELECT token_id, due_at, destination, content_type, body, message_types, message_id, correlation_id,
               conversation_id, initiator_id, request_id, source_address, response_address, fault_address,
               expiration_time, headers::text, transport_properties::text, attempts
        FROM scheduled_messages
        WHERE due_at <= now()
        ORDER BY due_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """;

    // A failed send waits 2^attempts seconds, up to five minutes, instead of spinning the dispatcher on one row.
    private const string BackOffSql = """
        UPDATE scheduled_messages
        SET attempts = attempts + 1,
            due_at = now() + least(interval '1 second' * power(2, attempts), interval '5 minutes')
        WHERE token_id = ANY($1)
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private DueMessageClaim(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ScheduledMessageRecord> messages)
    {
        _connection = connection;
        _transaction = transaction;
        Messages = messages;
    }

    public IReadOnlyList<ScheduledMessageRecord> Messages { get; }

    public static async Task<DueMessageClaim> ClaimAsync(NpgsqlDataSource dataSource, int batchSize, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var messages = new List<ScheduledMessageRecord>();
            await using (var command = new NpgsqlCommand(ClaimSql, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    messages.Add(Read(reader));
                }
            }
            return new DueMessageClaim(connection, transaction, messages);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task CompleteAsync(IReadOnlyCollection<Guid> sent, IReadOnlyCollection<Guid> failed, CancellationToken cancellationToken)
    {
        if (sent.Count > 0)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM scheduled_messages WHERE token_id = ANY($1)", _connection, _transaction);
            delete.Parameters.Add(new NpgsqlParameter { Value = sent.ToArray() });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (failed.Count > 0)
        {
            await using var backOff = new NpgsqlCommand(BackOffSql, _connection, _transaction);
            backOff.Parameters.Add(new NpgsqlParameter { Value = failed.ToArray() });
            await backOff.ExecuteNonQueryAsync(cancellationToken);
        }
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static ScheduledMessageRecord Read(NpgsqlDataReader reader) => new()
    {
        TokenId = reader.GetGuid(0),
        DueAt = reader.GetFieldValue<DateTimeOffset>(1),
        Destination = new Uri(reader.GetString(2)),
        ContentType = reader.GetString(3),
        Body = reader.GetString(4),
        MessageTypes = reader.GetFieldValue<string[]>(5),
        MessageId = NullableGuid(reader, 6),
        CorrelationId = NullableGuid(reader, 7),
        ConversationId = NullableGuid(reader, 8),
        InitiatorId = NullableGuid(reader, 9),
        RequestId = NullableGuid(reader, 10),
        SourceAddress = NullableUri(reader, 11),
        ResponseAddress = NullableUri(reader, 12),
        FaultAddress = NullableUri(reader, 13),
        ExpirationTime = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
        Headers = HeaderValuesJson.Deserialize(reader.IsDBNull(15) ? null : reader.GetString(15)),
        TransportProperties = reader.IsDBNull(16) ? null : HeaderValuesJson.Deserialize(reader.GetString(16)),
        Attempts = reader.GetInt32(17),
    };

    private static Guid? NullableGuid(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    private static Uri? NullableUri(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : new Uri(reader.GetString(ordinal));
}
