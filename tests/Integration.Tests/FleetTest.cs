namespace Fleet.Integration.Tests;

/// <summary>
/// What every integration test starts with: the shared fleet, repaired first if an earlier test took part of it down.
/// </summary>
public abstract class FleetTest(FleetServers fleet) : IAsyncLifetime
{
    protected FleetServers Fleet => fleet;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fleet.EnsureFleetUpAsync(Cancellation);

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
