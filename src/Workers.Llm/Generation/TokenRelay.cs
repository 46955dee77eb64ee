using System.Threading.Channels;

namespace Fleet.Workers.Llm.Generation;

/// <summary>Hands a generation's text on in groups while it is generated (llm.generate and rag.answer stream it as SSE <c>token</c> events).</summary>
public static class TokenRelay
{
    public static async Task RelayAsync(ChannelReader<string> text, int maxPerGroup, Func<IReadOnlyList<string>, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var group = new List<string>();
        while (await text.WaitToReadAsync(cancellationToken))
        {
            // Whatever accumulated while the last group was written goes out together: small groups, few round trips.
            while (group.Count < maxPerGroup && text.TryRead(out var piece))
            {
                group.Add(piece);
            }
            await write(group, cancellationToken);
            group.Clear();
        }
    }
}
