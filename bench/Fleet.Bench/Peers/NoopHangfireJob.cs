namespace Fleet.Bench.Peers;

/// <summary>The Hangfire side of a `noop` job with sleepMs 0: the work is nothing, so the figure is the framework's cost.</summary>
public sealed class NoopHangfireJob
{
#pragma warning disable CA1822 // Hangfire invokes an instance method on an activated job object.
    public void Run()
    {
    }
#pragma warning restore CA1822
}
