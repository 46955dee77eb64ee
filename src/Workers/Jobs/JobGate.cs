using Fleet.Contracts.Jobs;
using Npgsql;

namespace Fleet.Workers.Jobs;

/// <summary>
/// Asks the job's row whether an arriving RunJob should run: a cancelled or already finished job is skipped, so an
/// outbox re-publish or a cancel that beat the message to the worker does not execute the job again.
/// </summary>
public sealed class JobGate(NpgsqlDataSource dataSource) : IJobGate
{
    public async Task<bool> ShouldRunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT state FROM jobs WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        var state = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return state is not null && !JobStates.IsFinished(state);
    }
}
