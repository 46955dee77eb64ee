using System.Diagnostics;

namespace Fleet.ServiceDefaults.Tracing;

/// <summary>
/// A W3C trace context (<c>traceparent</c>, <c>tracestate</c>) kept outside a process, as the outbox row keeps the
/// submitting request's, so that work started later elsewhere joins the same trace.
/// </summary>
public sealed record TraceContext(string TraceParent, string? TraceState)
{
    /// <summary>The context of <see cref="Activity.Current"/>, or null when there is none (or it is not W3C).</summary>
    public static TraceContext? Current =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } activity ? new TraceContext(id, activity.TraceStateString) : null;

    /// <summary>This context as a remote parent; null when the stored text is not a valid traceparent.</summary>
    public ActivityContext? AsRemoteParent() =>
        ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out var context) ? context : null;
}
