using System.Diagnostics;
using Fleet.ServiceDefaults.Tracing;
using OpenTelemetry.Trace;

namespace Fleet.Api.Tests.Tracing;

public sealed class OrphanClientSpanSamplerTests
{
    private static readonly Sampler Sampler = new ParentBasedSampler(new OrphanClientSpanSampler());

    [Fact]
    public void A_client_span_without_parent_is_dropped() =>
        Assert.Equal(SamplingDecision.Drop, Decide(default, ActivityKind.Client));

    [Theory]
    [InlineData(ActivityKind.Server)]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Producer)]
    public void Other_roots_are_sampled(ActivityKind kind) =>
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(default, kind));

    [Fact]
    public void A_client_span_inside_a_sampled_trace_is_sampled()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(parent, ActivityKind.Client));
    }

    private static SamplingDecision Decide(ActivityContext parent, ActivityKind kind) =>
        Sampler.ShouldSample(new SamplingParameters(parent, parent == default ? ActivityTraceId.CreateRandom() : parent.TraceId, "postgresql", kind)).Decision;
}
