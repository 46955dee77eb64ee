using Xunit;

namespace Fleet.MassTransit.Postgres.Tests.Sagas;

/// <summary>Waits for a condition that another process brings about, failing with what it waited for.</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> isDone, string waitingFor, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DefaultTimeout;
        while (true)
        {
            var value = await probe();
            if (isDone(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up after {DefaultTimeout.TotalSeconds:0} s waiting for {waitingFor}; last seen: {value?.ToString() ?? "null"}");
            }
            await Task.Delay(Interval, cancellationToken);
        }
    }
}
