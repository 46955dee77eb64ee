using System.Diagnostics;

namespace Fleet.ServiceDefaults.Tracing;

/// <summary>
/// Fleet's own spans, beside those of ASP.NET Core, MassTransit and Npgsql: the outbox relay's delivery of a row
/// (parented on the request that wrote it) and a worker's run of one job attempt.
/// </summary>
public static class FleetActivitySource
{
    public const string Name = "Fleet";

    public static readonly ActivitySource Source = new(Name);
}
