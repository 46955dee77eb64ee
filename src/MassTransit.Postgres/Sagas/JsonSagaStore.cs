using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.MassTransit.Postgres.Sagas;

/// <summary>
/// The default <see cref="ISagaStore{TSaga}"/>: one row per instance in <c>saga_instances</c> (migration
/// 003_saga_instances.sql), keyed by the saga's type name and correlation id, with the whole instance as
/// <c>jsonb</c> and the version in its own column. Property names are kept as declared (PascalCase), so operators
/// can query <c>state-&gt;&gt;'CurrentState'</c>; enums are written as names. Each call is one parameterised
/// statement, one round trip; with <c>Max Auto Prepare</c> on the data source they run as prepared statements.
/// </summary>
public sealed class JsonSagaStore<TSaga> : ISagaStore<TSaga>
    where TSaga : class, ISagaVersion
{
    // Explicit, not MassTransit's message serializer options: those write camelCase, and SQL on the state would
    // silently find nothing. Changing these changes the stored format of existing rows.
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly string SagaType = typeof(TSaga).FullName ?? typeof(TSaga).Name;

    private const string LoadSql =
        "SELECT state, version FROM saga_instances WHERE saga_type = $1 AND correlation_id = $2";
    private const string InsertSql =
        "INSERT INTO saga_instances (saga_type, correlation_id, state, version) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
    private const string UpdateSql =
        "UPDATE saga_instances SET state = $3, version = $4, updated_at = now() WHERE saga_type = $1 AND correlation_id = $2 AND version = $5";
    private const string DeleteSql =
        "DELETE FROM saga_instances WHERE saga_type = $1 AND correlation_id = $2 AND version = $3";

    public async Task<TSaga?> LoadAsync(NpgsqlConnection connection, Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, LoadSql, correlationId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var instance = JsonSerializer.Deserialize<TSaga>(reader.GetString(0), SerializerOptions)
            ?? throw new InvalidOperationException($"saga_instances holds null state for {SagaType} {correlationId}");
        // The column is the version that writes are checked against; the copy inside the JSON is informational.
        instance.Version = reader.GetInt32(1);
        return instance;
    }

    public async Task<bool> InsertAsync(NpgsqlConnection connection, TSaga instance, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, InsertSql, instance.CorrelationId);
        command.Parameters.Add(State(instance));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = instance.Version });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdateAsync(NpgsqlConnection connection, TSaga instance, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, UpdateSql, instance.CorrelationId);
        command.Parameters.Add(State(instance));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = instance.Version });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = expectedVersion });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(NpgsqlConnection connection, TSaga instance, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, DeleteSql, instance.CorrelationId);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = expectedVersion });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, Guid correlationId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SagaType });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = correlationId });
        return command;
    }

    private static NpgsqlParameter<string> State(TSaga instance) =>
        new() { TypedValue = JsonSerializer.Serialize(instance, SerializerOptions), NpgsqlDbType = NpgsqlDbType.Jsonb };
}
