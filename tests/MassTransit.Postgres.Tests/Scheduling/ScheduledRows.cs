namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

public static class ScheduledRows
{
    /// <summary>Stored (not yet sent or cancelled) messages with this token: 0 or 1.</summary>
    public static Task<long> CountScheduledAsync(this TestDatabase database, Guid tokenId, CancellationToken cancellationToken) =>
        database.CountAsync("SELECT count(*) FROM scheduled_messages WHERE token_id = $1", tokenId, cancellationToken);

    public static Task<long> CountAllScheduledAsync(this TestDatabase database, CancellationToken cancellationToken) =>
        database.CountAsync("SELECT count(*) FROM scheduled_messages", null, cancellationToken);

    /// <summary>Tombstones left by cancels of this token: 0 or 1.</summary>
    public static Task<long> CountCancellationsAsync(this TestDatabase database, Guid tokenId, CancellationToken cancellationToken) =>
        database.CountAsync("SELECT count(*) FROM scheduled_message_cancellations WHERE token_id = $1", tokenId, cancellationToken);
}
