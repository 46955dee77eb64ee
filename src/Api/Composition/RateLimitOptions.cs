using System.ComponentModel.DataAnnotations;

namespace Fleet.Api.Composition;

/// <summary>
/// Per-credential token buckets: each API key (or JWT subject) gets <see cref="Burst"/> requests at once and
/// <see cref="PermitsPerSecond"/> a second after that; anonymous callers share one bucket per client address, so
/// guessing keys is throttled too. Probes (/health/live, /health/ready) are never limited.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PermitsPerSecond must be between 1 and 1000000.")]
    public int PermitsPerSecond { get; set; } = 50;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:Burst must be between 1 and 1000000.")]
    public int Burst { get; set; } = 100;

    /// <summary>How often a bucket refills (with PermitsPerSecond × this many tokens); coarser periods cost fewer timer ticks.</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bucket size for unauthenticated callers, per client address.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AnonymousBurst must be between 1 and 1000000.")]
    public int AnonymousBurst { get; set; } = 20;
}
