using System.Text.Json;
using Npgsql;

namespace Fleet.Chaos;

/// <summary>The final state of one submitted job.</summary>
public sealed record JobRow(Guid Id, string State, string? WorkerId, DateTimeOffset? FinishedAt, string? ErrorCode);

/// <summary>Reads the outcome of a run from PostgreSQL (job rows, job_events) and from the workers' logs.</summary>
public sealed class Verifier(NpgsqlDataSource db, FleetPaths paths)
{
    public static readonly string[] Unfinished = ["scheduled", "queued", "running"];

    private Dictionary<string, long> logOffsets = [];

    /// <summary>Remember where each worker log ends, so only this run's lines are read afterwards.</summary>
    public void MarkLogs() =>
        logOffsets = WorkerLogs().ToDictionary(f => f, f => new FileInfo(f).Length);

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
    /// The times of the "Attempt N succeeded" lines (one per execution that published JobSucceeded) per job, from this
    /// run's worker logs.
    /// </summary>
    public Dictionary<Guid, List<DateTimeOffset>> SuccessfulExecutions(IReadOnlySet<Guid> ids)
    {
        var executions = new Dictionary<Guid, List<DateTimeOffset>>();
        foreach (var file in WorkerLogs())
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var offset = logOffsets.GetValueOrDefault(file);
            stream.Seek(offset <= stream.Length ? offset : 0, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (!line.Contains("succeeded\"", StringComparison.Ordinal) || !line.Contains("\"JobId\"", StringComparison.Ordinal))
                {
                    continue;
                }
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var root = doc.RootElement;
                    if (root.TryGetProperty("@m", out var m) && m.GetString() is { } message && message.StartsWith("Attempt ", StringComparison.Ordinal)
                        && message.EndsWith(" succeeded", StringComparison.Ordinal)
                        && root.TryGetProperty("JobId", out var jobId) && Guid.TryParse(jobId.GetString(), out var id) && ids.Contains(id)
                        && root.TryGetProperty("@t", out var t) && t.TryGetDateTimeOffset(out var at))
                    {
                        if (!executions.TryGetValue(id, out var times))
                        {
                            executions[id] = times = [];
                        }
                        times.Add(at);
                    }
                }
                catch (JsonException)
                {
                    // a line cut short by a SIGKILL
                }
            }
        }
        return executions;
    }

    private IEnumerable<string> WorkerLogs() => Directory.EnumerateFiles(paths.LogDir, "worker-*.log");
}
