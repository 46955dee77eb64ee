using Npgsql;
using NpgsqlTypes;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Appends streamed events straight to job_events in one statement per batch: a token stream costs one round trip per
/// group of tokens and no bus message or saga write. Rows of one call get ascending ids (unnest keeps array order).
/// </summary>
public sealed class PostgresJobEventSink(NpgsqlDataSource dataSource) : IJobEventSink
{
    public async Task AppendAsync(Guid jobId, string kind, IReadOnlyList<string> dataJson, CancellationToken cancellationToken)
    {
        if (dataJson.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            "INSERT INTO job_events (job_id, kind, data) SELECT $1, $2, d::jsonb FROM unnest($3::text[]) WITH ORDINALITY AS e(d, n) ORDER BY n");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = dataJson.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
