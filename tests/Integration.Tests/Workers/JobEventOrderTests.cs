using Fleet.Integration.Tests.Infrastructure;
using Fleet.Workers.Jobs;
using Npgsql;

namespace Fleet.Integration.Tests.Workers;

/// <summary>
/// SSE readers resume after the last event id they sent, so one job's events must commit in id order. A worker's
/// streamed tokens and the state machine's transition events come from different processes.
/// </summary>
public sealed class JobEventOrderTests(FleetServers fleet) : FleetTest(fleet)
{
    [Fact]
    public async Task Streamed_events_wait_for_a_transition_being_committed_and_take_higher_ids()
    {
        // A job nothing else touches for now: scheduled a day ahead.
        var job = await Fleet.Jobs.SubmitAsync(new JobRequest("noop", new { }) { RunAt = DateTimeOffset.UtcNow.AddDays(1) }, Cancellation);
        await using var dataSource = NpgsqlDataSource.Create(Fleet.Database.ConnectionString);

        // The state machine's write, held open: the row's UPDATE and its event's INSERT, not yet committed.
        await using var transition = await dataSource.OpenConnectionAsync(Cancellation);
        await using var transaction = await transition.BeginTransactionAsync(Cancellation);
        await using (var update = new NpgsqlCommand("UPDATE jobs SET updated_at = now() WHERE id = $1", transition, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Cancellation));
        }
        long stateId;
        await using (var insert = new NpgsqlCommand("INSERT INTO job_events (job_id, kind, data) VALUES ($1, 'state', '{}') RETURNING id", transition, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            stateId = (long)(await insert.ExecuteScalarAsync(Cancellation))!;
        }

        var append = new PostgresJobEventSink(dataSource).AppendAsync(job.Id, "token", ["""{"seq":0}""", """{"seq":1}"""], Cancellation);
        var finished = await Task.WhenAny(append, Task.Delay(TimeSpan.FromSeconds(1), Cancellation));
        Assert.False(finished == append, "the tokens were written while the transition was still uncommitted");

        await transaction.CommitAsync(Cancellation);
        await append;

        await using var read = dataSource.CreateCommand("SELECT id, kind FROM job_events WHERE job_id = $1 AND kind IN ('state', 'token') AND id >= $2 ORDER BY id");
        read.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        read.Parameters.Add(new NpgsqlParameter { Value = stateId });
        var rows = new List<(long Id, string Kind)>();
        await using (var reader = await read.ExecuteReaderAsync(Cancellation))
        {
            while (await reader.ReadAsync(Cancellation))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }
        Assert.Equal(["state", "token", "token"], rows.Select(r => r.Kind));
        await Fleet.Jobs.PostActionAsync(job.Id, "cancel", Cancellation);
    }
}
