using System.ComponentModel.DataAnnotations;

namespace Fleet.Api.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Rows relayed per transaction; their publishes are confirmed concurrently.</summary>
    [Range(1, 5000)] public int BatchSize { get; set; } = 500;

    /// <summary>How often the relay looks for rows when nothing woke it (rows of a crashed replica, a broker outage).</summary>
    [Range(10, 60_000)] public int PollIntervalMs { get; set; } = 1000;

    /// <summary>How long one batch may wait for broker confirms before it is rolled back and tried again.</summary>
    [Range(100, 120_000)] public int PublishTimeoutMs { get; set; } = 10_000;
}
