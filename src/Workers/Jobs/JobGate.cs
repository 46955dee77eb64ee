using Fleet.Contracts.Jobs;
using Npgsql;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Asks the job's row whether an arriving RunJob should run: a cancelled or already finished job is skipped, so an
/// outbox re-publish or a cancel that beat the message to the worker does not execute the job again; and so is an
/// attempt older than one that already started (the fence: a delivery of an attempt that the watchdog declared lost
/// and re-dispatched must not run beside its successor).
/// </summary>
public sealed class JobGate(NpgsqlDataSource dataSource) : IJobGate
{
    public async Task<bool> ShouldRunAsync(Guid jobId, int attempt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT state, attempts FROM jobs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !JobStates.IsFinished(reader.GetString(0)) && attempt >= reader.GetInt32(1);
    }
}
