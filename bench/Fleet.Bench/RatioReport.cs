namespace Fleet.Bench;

/// <summary>
/// Fleet's throughput as a share of each peer's, measured in the same run: absolute figures swing ±30% between runs
/// on this 2-core machine (ENVIRONMENT.md), ratios much less.
/// </summary>
public static class RatioReport
{
    public static void Add(BenchReport report)
    {
        if (report.Value("fleet.e2e_jobs_per_s") is not { } fleet)
        {
            return;
        }

        if (report.Value("hangfire.e2e_jobs_per_s") is { } hangfire && hangfire > 0)
        {
            report.Add("ratio.fleet_over_hangfire", fleet / hangfire, "x", "end-to-end jobs/s, same machine, same run");
        }

        if (report.Value("bus.e2e_msgs_per_s") is { } bus && bus > 0)
        {
            report.Add("ratio.fleet_over_raw_bus", fleet / bus, "x", "Fleet jobs/s over raw publish→consume msg/s");
        }
    }
}
