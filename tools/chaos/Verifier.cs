using System.Text.Json;
using Npgsql;

namespace Fleet.Chaos;

/// <summary>The final state of one submitted job.</summary>
public sealed record JobRow(Guid Id, string State, string? WorkerId, DateTimeOffset? FinishedAt, string? ErrorCode);

/// <summary>Reads the outcome of a run from PostgreSQL (job rows, job_events) and from the workers' noop ledgers.</summary>
public sealed class Verifier(NpgsqlDataSource db, FleetPaths paths)
{
    public static readonly string[] Unfinished = ["scheduled", "queued", "running"];

    public async Task<Dictionary<string, int>> CountStatesAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT state, count(*) FROM jobs WHERE id = ANY($1) GROUP BY state");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = (int)reader.GetInt64(1);
        }
        return counts;
    }

    public async Task<Dictionary<Guid, JobRow>> RowsAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT id, state, worker_id, finished_at, error_code FROM jobs WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<Guid, JobRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetGuid(0)] = new JobRow(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }
        return rows;
    }

    /// <summary>Jobs with more than one <c>end</c> event: their completion was recorded twice.</summary>
    public async Task<Dictionary<Guid, int>> DoubledAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT job_id, count(*) FROM job_events WHERE job_id = ANY($1) AND kind = 'end' GROUP BY job_id HAVING count(*) > 1");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var doubled = new Dictionary<Guid, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            doubled[reader.GetGuid(0)] = (int)reader.GetInt64(1);
        }
        return doubled;
    }

    /// <summary>
    /// Completed executions per job, with their completion times, from the workers' noop ledgers
    /// (<c>.fleet/ledger/{worker}.ledger</c>: a line per execution, flushed before its outcome is published, so
    /// SIGKILLed workers' executions count too). More than one line for a job is a re-execution.
    /// </summary>
    public Dictionary<Guid, List<DateTimeOffset>> SuccessfulExecutions(IReadOnlySet<Guid> ids)
    {
        var executions = new Dictionary<Guid, List<DateTimeOffset>>();
        var ledgers = Directory.Exists(paths.LedgerDir) ? Directory.EnumerateFiles(paths.LedgerDir, "*.ledger") : [];
        foreach (var file in ledgers)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                var fields = line.Split('\t');
                // A line cut short by a SIGKILL mid-write has fewer fields or no time.
                if (fields.Length == 4 && Guid.TryParse(fields[0], out var id) && ids.Contains(id)
                    && DateTimeOffset.TryParse(fields[3], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at))
                {
                    if (!executions.TryGetValue(id, out var times))
                    {
                        executions[id] = times = [];
                    }
                    times.Add(at);
                }
            }
        }
        return executions;
    }
}
