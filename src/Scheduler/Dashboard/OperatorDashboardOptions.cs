namespace Fleet.Scheduler.Dashboard;

/// <summary>The operator dashboard (/dashboard and /hangfire) on the Scheduler.</summary>
public sealed class OperatorDashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// RabbitMQ's management API (e.g. http://127.0.0.1:15672/), read with the RabbitMq credentials for queue depths.
    /// Unset: the dashboard says queue depths are unavailable.
    /// </summary>
    public Uri? RabbitMqManagementUrl { get; set; }

    /// <summary>
    /// Whether the login cookie carries <c>Secure</c> even on plain HTTP. Keep true in production (behind TLS);
    /// browsers accept Secure cookies from http://localhost and 127.0.0.1, which is where a local fleet runs.
    /// </summary>
    public bool SecureCookie { get; set; } = true;

    /// <summary>How long a login lasts in the browser; the key itself is re-checked on every request.</summary>
    public TimeSpan LoginLifetime { get; set; } = TimeSpan.FromHours(8);
}
