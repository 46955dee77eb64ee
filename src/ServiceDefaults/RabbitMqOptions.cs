using System.ComponentModel.DataAnnotations;

namespace Fleet.ServiceDefaults;

/// <summary>Where the RabbitMQ broker is and how a process consumes from it.</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    [Required] public string Host { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 5672;
    [Required] public string VirtualHost { get; set; } = "/";
    [Required] public string Username { get; set; } = "guest";
    [Required] public string Password { get; set; } = "guest";

    /// <summary>Unacknowledged messages a receive endpoint may hold. Throughput rises with it up to ~512 (docs/benchmarks.md).</summary>
    [Range(1, 4096)] public int PrefetchCount { get; set; } = 64;

    /// <summary>
    /// AMQP heartbeat. When a worker's machine vanishes without closing its connection, the broker gives up after two
    /// missed heartbeats and requeues the worker's unacknowledged jobs for others: about 20 s at 10, against 2 min
    /// with the client's 60 s default.
    /// </summary>
    [Range(1, 600)] public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>
    /// On shutdown, how long running consumers may finish before their CancellationToken fires (a worker then hands
    /// a long job back). Keep it below the host's stop timeout, which stays below the container's grace period.
    /// </summary>
    [Range(1, 3600)] public int ConsumerStopTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// The management API (e.g. <c>http://rabbitmq:15672/</c>), read with the same credentials. When set, the process
    /// exports <c>queue_size{queue}</c> and <c>queue_consumers{queue}</c> and can gate readiness on workers being
    /// present (<see cref="Health.WorkerPresenceOptions"/>); when empty, neither exists.
    /// </summary>
    [Url(ErrorMessage = "RabbitMq:ManagementUrl must be an absolute http(s) URL.")]
    public string? ManagementUrl { get; set; }
}
