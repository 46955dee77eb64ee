using System.Diagnostics;
using Fleet.Integration.Tests.Infrastructure;
using Fleet.ServiceDefaults.Tracing;
using Fleet.Workers.Jobs;
using MassTransit.Logging;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Fleet.Integration.Tests.Observability;

/// <summary>
/// One trace per job (DESIGN.md): the submit's HTTP span, the outbox relay's publish, the worker's RunJob consume and
/// the state machine's consume of the outcome, linked parent to child, and the job's log lines stamped with its trace id.
/// </summary>
public sealed class JobTraceTests(InProcessFleet fleet) : IClassFixture<InProcessFleet>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_relay_worker_and_state_machine_spans_form_one_trace()
    {
        var job = await fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 0 }), Cancellation);
        await fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", Timeout, Cancellation);
        var run = await JobRunSpanAsync(job.Id);
        // The state machine's span ends after the row it saved, so wait for it rather than read once.
        var sagaOutcome = await Poll.UntilAsync(
            () => Task.FromResult(fleet.Spans.Snapshot().FirstOrDefault(s => s.TraceId == run.TraceId && IsSagaConsume(s, "JobSucceeded"))),
            span => span is not null,
            $"the job state machine's span consuming JobSucceeded in trace {run.TraceId}",
            Timeout,
            Cancellation,
            _ => Describe(fleet.Spans.Snapshot().Where(s => s.TraceId == run.TraceId)));

        var trace = fleet.Spans.Snapshot().Where(s => s.TraceId == run.TraceId).ToDictionary(s => s.SpanId);
        var submit = Assert.Single(trace.Values, s => s.Kind == ActivityKind.Server
            && (s.GetTagItem("http.request.method") as string) == "POST" && (s.GetTagItem("url.path") as string) == "/v1/jobs");
        // From the state machine's span up to the root, every parent was exported and belongs to the trace.
        var path = AncestorsOf(sagaOutcome!, trace);
        Assert.Equal(submit.SpanId, path[^1].SpanId);
        var relay = Assert.Single(path, s => s.Source.Name == FleetActivitySource.Name && s.DisplayName == "outbox relay");
        Assert.Equal(submit.SpanId, relay.ParentSpanId);
        var publish = Assert.Single(path, s => s.Source.Name == DiagnosticHeaders.DefaultListenerName && s.Kind == ActivityKind.Producer && s.ParentSpanId == relay.SpanId);
        Assert.Contains(path, s => s.Kind == ActivityKind.Consumer && s.ParentSpanId == publish.SpanId);
        var runJobConsume = Assert.Single(path, s => IsConsume(s, typeof(RunJobConsumer).FullName!));
        Assert.Contains(run, path);
        Assert.True(path.IndexOf(run) < path.IndexOf(runJobConsume), $"the job run span is not below the RunJob consume:\n{Describe(path)}");
        Assert.True(path.IndexOf(runJobConsume) < path.IndexOf(relay), $"the RunJob consume is not below the relay's publish:\n{Describe(path)}");
    }

    [Fact]
    public async Task Log_lines_written_inside_a_job_carry_its_trace_id()
    {
        var job = await fleet.Jobs.SubmitAsync(JobRequest.Noop(new { sleepMs = 0 }), Cancellation);
        await fleet.Jobs.WaitForStateAsync(job.Id, "succeeded", Timeout, Cancellation);
        var run = await JobRunSpanAsync(job.Id);

        // The worker logs its success after publishing it, so the line may follow the saved state by a moment.
        var succeeded = (await Poll.UntilAsync(
            () => Task.FromResult(fleet.WorkerLogs.Events.FirstOrDefault(e => e.MessageTemplate.Text == "Attempt {Attempt} succeeded" && IsOfJob(e, job.Id))),
            e => e is not null,
            $"the worker's 'Attempt 1 succeeded' line of job {job.Id}",
            Timeout,
            Cancellation,
            _ => $"{fleet.WorkerLogs.Events.Count} worker events; of this job: " + string.Join(" | ", fleet.WorkerLogs.Events.Where(e => IsOfJob(e, job.Id)).Select(e => e.MessageTemplate.Text))))!;
        Assert.Equal(run.TraceId, succeeded.TraceId);
        using var line = new StringWriter();
        new RenderedCompactJsonFormatter().Format(succeeded, line);
        Assert.Contains($"\"@tr\":\"{run.TraceId}\"", line.ToString(), StringComparison.Ordinal);
        Assert.Contains($"\"JobId\":\"{job.Id}\"", line.ToString(), StringComparison.Ordinal);
    }

    private static bool IsOfJob(LogEvent e, Guid jobId) =>
        e.Properties.TryGetValue("JobId", out var id) && id is ScalarValue { Value: var value } && value?.ToString() == jobId.ToString();

    private async Task<Activity> JobRunSpanAsync(Guid jobId) =>
        (await Poll.UntilAsync(
            () => Task.FromResult(fleet.Spans.Snapshot().FirstOrDefault(s => s.DisplayName == "job run" && (s.GetTagItem("fleet.job.id") as string) == jobId.ToString())),
            span => span is not null,
            $"the worker's 'job run' span of job {jobId}",
            Timeout,
            Cancellation,
            _ => $"{fleet.Spans.Count} spans"))!;

    private static bool IsConsume(Activity span, string consumerType) =>
        span.Source.Name == DiagnosticHeaders.DefaultListenerName && span.Kind == ActivityKind.Consumer
        && (span.GetTagItem(DiagnosticHeaders.ConsumerType) as string) == consumerType;

    private static bool IsSagaConsume(Activity span, string messageType) =>
        IsConsume(span, "JobStateMachine") && (span.GetTagItem(DiagnosticHeaders.MessageTypes) as string)?.Contains(messageType, StringComparison.Ordinal) == true;

    /// <summary><paramref name="span"/>, its parent, and so on up to the root, failing at the first parent not in the trace.</summary>
    private static List<Activity> AncestorsOf(Activity span, Dictionary<ActivitySpanId, Activity> trace)
    {
        var path = new List<Activity> { span };
        while (path[^1].ParentSpanId != default)
        {
            Assert.True(trace.TryGetValue(path[^1].ParentSpanId, out var parent),
                $"the parent {path[^1].ParentSpanId} of '{path[^1].DisplayName}' is not in trace {span.TraceId}:\n{Describe(trace.Values)}");
            path.Add(parent);
        }
        return path;
    }

    private static string Describe(IEnumerable<Activity> spans) =>
        string.Join('\n', spans.Select(s =>
            $"  {s.SpanId} <- {s.ParentSpanId} {s.Source.Name} {s.Kind} '{s.DisplayName}' consumer={s.GetTagItem(DiagnosticHeaders.ConsumerType)} types={s.GetTagItem(DiagnosticHeaders.MessageTypes)}"));
}
