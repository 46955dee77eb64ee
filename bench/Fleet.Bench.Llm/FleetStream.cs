using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench.Llm;

/// <summary>
/// One llm.generate job through a running fleet, the way a user sees it: POST /v1/jobs, then the job's SSE stream
/// until its <c>end</c> event. The clock runs from before the POST to the end event.
/// </summary>
public sealed class FleetStream(HttpClient client)
{
    public static FleetStream Create(Uri url, string apiKey)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return new FleetStream(client);
    }

    public async Task<(int PromptTokens, int Tokens, TimeSpan Elapsed, TimeSpan FirstToken, TimeSpan LastToken)> GenerateAsync(string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var body = JsonSerializer.Serialize(new { type = "llm.generate", input = new { prompt, maxTokens, temperature = 0 } });
        using var submit = await client.PostAsync("/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        var answer = await submit.Content.ReadAsStringAsync(cancellationToken);
        if (!submit.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /v1/jobs answered {(int)submit.StatusCode}: {answer}");
        }
        var id = JsonDocument.Parse(answer).RootElement.GetProperty("id").GetGuid();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        TimeSpan? first = null;
        var last = TimeSpan.Zero;
        string? kind = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line["event: ".Length..];
                if (kind == "token")
                {
                    last = clock.Elapsed;
                    first ??= last;
                }
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind == "end")
            {
                var elapsed = clock.Elapsed;
                var end = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                if (end.GetProperty("state").GetString() != "succeeded")
                {
                    throw new InvalidOperationException($"job {id} ended {line}");
                }
                var usage = end.GetProperty("result").GetProperty("usage");
                return (usage.GetProperty("promptTokens").GetInt32(), usage.GetProperty("completionTokens").GetInt32(), elapsed, first ?? elapsed, last);
            }
        }
        throw new InvalidOperationException($"the event stream of job {id} closed before its end event");
    }
}
