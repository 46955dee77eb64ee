using Fleet.MassTransit.Postgres.Tests.Sagas;
using Xunit;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>
/// Each scheduler test gets its own database and virtual host, so the scheduler queue can be the real
/// <c>fleet-scheduler</c>, and a recorder of what its consumers received.
/// </summary>
public abstract class SchedulerTestBase : IAsyncLifetime
{
    protected DeliveryRecorder Recorder { get; } = new();

    protected TestDatabase Database { get; private set; } = null!;

    protected RabbitMqVirtualHost VirtualHost { get; private set; } = null!;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("scheduler", Cancellation);
        VirtualHost = await RabbitMqVirtualHost.CreateAsync("scheduler", Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
