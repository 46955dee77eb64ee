namespace Fleet.MassTransit.Postgres.Scheduling;

/// <summary>
/// Wakes the sleeping dispatcher when a message is stored. The dispatcher arms it before it reads the table, so a
/// notification that arrives while it reads is not lost, and one that arrived before is already in what it read.
/// </summary>
internal sealed class DispatchSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>A task that completes at the first <see cref="Set"/> after this call.</summary>
    public Task Arm()
    {
        var current = Volatile.Read(ref _next);
        if (!current.Task.IsCompleted)
        {
            return current.Task;
        }
        var fresh = NewSource();
        var winner = Interlocked.CompareExchange(ref _next, fresh, current);
        return ReferenceEquals(winner, current) ? fresh.Task : winner.Task;
    }

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
