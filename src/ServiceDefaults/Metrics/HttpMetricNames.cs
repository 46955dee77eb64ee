using Prometheus;
using Prometheus.HttpMetrics;

namespace Fleet.ServiceDefaults.Metrics;

/// <summary>
/// The HTTP metric names operators already query (<c>http_requests_total</c>, <c>http_request_duration_seconds</c>)
/// instead of prometheus-net's own <c>http_requests_received_total</c>; labelled by status code, method and route
/// pattern (never the raw path, whose ids would make a series per job).
/// </summary>
public static class HttpMetricNames
{
    private static readonly string[] Labels = ["code", "method", "endpoint"];

    private static readonly Counter Requests = Prometheus.Metrics.CreateCounter(
        "http_requests_total", "HTTP requests answered, by status code, method and route.", Labels);

    private static readonly Histogram Duration = Prometheus.Metrics.CreateHistogram(
        "http_request_duration_seconds", "Time to answer an HTTP request, by status code, method and route.",
        new HistogramConfiguration { LabelNames = Labels, Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    public static void Configure(HttpMiddlewareExporterOptions options)
    {
        options.RequestCount.Counter = Requests;
        options.RequestDuration.Histogram = Duration;
        options.ReduceStatusCodeCardinality();
    }
}
