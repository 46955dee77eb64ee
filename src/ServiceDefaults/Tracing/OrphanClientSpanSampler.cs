using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Fleet.ServiceDefaults.Tracing;

/// <summary>
/// The root sampler under <see cref="ParentBasedSampler"/>: a client span with no parent is a database statement run
/// outside any trace (Hangfire's polling on its own connections, which the Fleet data source's filter does not see), and
/// would be a trace of one span every few seconds; it is dropped. Every other root is sampled.
/// </summary>
public sealed class OrphanClientSpanSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
