using Npgsql;
using NpgsqlTypes;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Appends streamed events straight to job_events in one statement per batch: a token stream costs one round trip per
/// group of tokens and no bus message or saga write. Rows of one call get ascending ids (unnest keeps array order).
/// </summary>
/// <remarks>
/// SSE readers resume after the last id they sent, so one job's ids must become visible in id order. The statement
/// first locks the job's row, as the job state machine's UPDATE does when it writes its state and progress events: a
/// transition still being committed makes this insert wait, and its ids are taken only after that commit. Without
/// the lock a token could take a higher id, commit first and be sent, and the state event with the lower id would be
/// skipped by every reader already past it. Events of a job whose row is gone are dropped: nobody can read them.
/// </remarks>
public sealed class PostgresJobEventSink(NpgsqlDataSource dataSource) : IJobEventSink
{
    public async Task AppendAsync(Guid jobId, string kind, IReadOnlyList<string> dataJson, CancellationToken cancellationToken)
    {
        if (dataJson.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            """
            WITH job AS (SELECT id FROM jobs WHERE id = $1 FOR NO KEY UPDATE)
            INSERT INTO job_events (job_id, kind, data)
            SELECT job.id, $2, e.d::jsonb FROM job, unnest($3::text[]) WITH ORDINALITY AS e(d, n) ORDER BY e.n
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = dataJson.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
