using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Fleet.Integration.Tests.Observability;

/// <summary>
/// A Serilog sink registered in an Api's services (ServiceDefaults reads sinks from DI): every event, rendered as
/// the same compact JSON the console gets, so a test can search the lines an operator would see.
/// </summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyList<LogEvent> Events => [.. events];

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    public string AsJsonLines()
    {
        var formatter = new RenderedCompactJsonFormatter();
        using var writer = new StringWriter();
        foreach (var e in events)
        {
            formatter.Format(e, writer);
        }
        return writer.ToString();
    }
}
