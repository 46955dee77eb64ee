using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Holds one connection that LISTENs for the NOTIFY each stored message sends, so every dispatcher replica wakes
/// for a message due before its next planned look at the table. Losing the connection only costs lateness (the
/// dispatcher still polls), so failures are logged and the listener reconnects.
/// </summary>
internal sealed class ScheduledMessageListener(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<ScheduledMessageListener> logger)
{
    // Npgsql notices a silently dropped connection only when it next talks to the server.
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    /// <summary>Calls <paramref name="onInsert"/> for every notification until cancelled.</summary>
    public async Task ListenAsync(Action onInsert, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => onInsert();
                await using (var listen = new NpgsqlCommand($"LISTEN {ScheduledMessageStore.InsertChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                // Messages stored while nobody listened.
                onInsert();
                while (true)
                {
                    if (!await connection.WaitAsync(PingInterval, cancellationToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(cancellationToken);
                    }
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Listening for stored scheduled messages failed; reconnecting in {ReconnectDelay}", ReconnectDelay);
            }
            await Task.Delay(ReconnectDelay, timeProvider, cancellationToken);
        }
    }
}
