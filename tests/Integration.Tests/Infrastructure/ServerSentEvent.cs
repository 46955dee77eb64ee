using System.Net;
using System.Text.Json;
using Xunit;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>One event of GET /v1/jobs/{id}/events.</summary>
public sealed record ServerSentEvent(long Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    /// <summary>
    /// Reads the stream until the server ends it (after the <c>end</c> event), failing with what it read if that takes
    /// longer than <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IReadOnlyList<ServerSentEvent>> ReadStreamAsync(
        HttpClient client, Guid jobId, long? lastEventId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{jobId}/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var events = new List<ServerSentEvent>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var (eventId, kind, data) = ((long?)null, "message", "");
        try
        {
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (eventId is not null)
                    {
                        events.Add(new ServerSentEvent(eventId.Value, kind, data));
                    }
                    (eventId, kind, data) = (null, "message", "");
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    eventId = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The event stream of job {jobId} did not end within {timeout.TotalSeconds:0} s; read so far:\n"
                + string.Join('\n', events));
        }
        return events;
    }
}
