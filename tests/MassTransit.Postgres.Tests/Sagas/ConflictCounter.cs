namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>Shared by every process of a test, so it sees the conflicts of all of them.</summary>
public sealed class ConflictCounter
{
    private int _rejectedUpdates;
    private int _rejectedInserts;

    public int RejectedUpdates => Volatile.Read(ref _rejectedUpdates);

    public int RejectedInserts => Volatile.Read(ref _rejectedInserts);

    public void UpdateRejected() => Interlocked.Increment(ref _rejectedUpdates);

    public void InsertRejected() => Interlocked.Increment(ref _rejectedInserts);
}
