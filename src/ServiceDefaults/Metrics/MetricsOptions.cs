using System.ComponentModel.DataAnnotations;

namespace Fleet.ServiceDefaults.Metrics;

/// <summary>Where Prometheus scrapes <c>/metrics</c> and whether it must authenticate.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// A management port: when set, <c>/metrics</c> answers only on connections to this local port (which must also be
    /// in ASPNETCORE_URLS), without authentication, and the public port answers 404. Keep the port off the public network.
    /// </summary>
    [Range(1, 65535)] public int? Port { get; set; }

    /// <summary>
    /// Without <see cref="Port"/>: whether <c>/metrics</c> needs the <c>admin</c> scope (Prometheus then sends an API
    /// key via <c>authorization.credentials</c>). Ignored in a process without authentication (a worker, whose only
    /// port is its management port).
    /// </summary>
    public bool RequireAuth { get; set; } = true;
}
