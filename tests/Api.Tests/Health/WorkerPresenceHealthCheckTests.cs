using Fleet.ServiceDefaults;
using Fleet.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Tests.Health;

public sealed class WorkerPresenceHealthCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(T0);
    private readonly BrokerQueueSnapshot snapshot = new();
    private readonly WorkerPresenceOptions options = new() { RequiredJobTypes = "noop, rl.train", GraceSeconds = 30, PollSeconds = 5 };

    [Fact]
    public async Task Healthy_when_every_required_type_has_a_consumer()
    {
        snapshot.Record([Queue("fleet-jobs-noop", 2), Queue("fleet-jobs-rl-train", 1)], T0);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(2, result.Data["noop"]);
    }

    [Fact]
    public async Task Unhealthy_naming_the_type_whose_queue_has_no_consumer()
    {
        snapshot.Record([Queue("fleet-jobs-noop", 2), Queue("fleet-jobs-rl-train", 0)], T0);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("No worker seen within 30 s for: rl.train.", result.Description);
    }

    [Fact]
    public async Task A_worker_gone_for_less_than_the_grace_period_still_counts_and_one_gone_longer_does_not()
    {
        snapshot.Record([Queue("fleet-jobs-noop", 1), Queue("fleet-jobs-rl-train", 1)], T0);
        clock.Now = T0.AddSeconds(20);
        snapshot.Record([Queue("fleet-jobs-noop", 1), Queue("fleet-jobs-rl-train", 0)], clock.Now);

        var restarting = await CheckAsync();
        clock.Now = T0.AddSeconds(31);
        snapshot.Record([Queue("fleet-jobs-noop", 1), Queue("fleet-jobs-rl-train", 0)], clock.Now);
        var gone = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, restarting.Status);
        Assert.Equal(HealthStatus.Unhealthy, gone.Status);
    }

    [Fact]
    public async Task Unhealthy_when_the_management_api_never_answered_or_stopped_answering()
    {
        var never = await CheckAsync();
        snapshot.Record([Queue("fleet-jobs-noop", 1), Queue("fleet-jobs-rl-train", 1)], T0);
        clock.Now = T0.AddSeconds((3 * 5) + 30 + 1);
        var stale = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, never.Status);
        Assert.Equal(HealthStatus.Unhealthy, stale.Status);
        Assert.Contains("management API", stale.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_management_url_nothing_is_checked()
    {
        var check = new WorkerPresenceHealthCheck(snapshot, clock, Options.Create(options), Options.Create(new RabbitMqOptions()));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("Not checked: RabbitMq:ManagementUrl is not set.", result.Description);
    }

    private Task<HealthCheckResult> CheckAsync() =>
        new WorkerPresenceHealthCheck(snapshot, clock, Options.Create(options), Options.Create(new RabbitMqOptions { ManagementUrl = "http://rabbitmq:15672/" })).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    private static QueueStats Queue(string name, int consumers) => new(name, 0, 0, consumers);
}
