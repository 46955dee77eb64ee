using Xunit;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>Waits for something another process brings about, failing with what it waited for and the last value seen.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> isDone,
        string waitingFor,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Func<T, string>? describe = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (isDone(value))
            {
                return value;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Gave up after {timeout.TotalSeconds:0.#} s waiting for {waitingFor}; last seen: {(describe is null ? value?.ToString() ?? "null" : describe(value))}");
            }
            await Task.Delay(Interval, cancellationToken);
        }
    }
}
