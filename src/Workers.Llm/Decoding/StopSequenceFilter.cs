namespace Fleet.Workers.Llm.Decoding;

/// <summary>
/// Turns the decoded text so far into what may be streamed. Text that could still become the start of a stop
/// sequence is held back until it cannot; when a stop sequence appears, the text ends just before it. Also holds back
/// a trailing U+FFFD, which byte-level BPE yields while a UTF-8 character is split across tokens.
/// </summary>
public sealed class StopSequenceFilter(IReadOnlyList<string> stops)
{
    /// <summary>Characters of the text already released to the stream.</summary>
    public int Released { get; private set; }

    public bool Stopped { get; private set; }

    /// <summary>Given all text decoded so far, returns the new text safe to stream (empty when none).</summary>
    public string Advance(string text)
    {
        if (Stopped)
        {
            return "";
        }
        var end = text.Length;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, Math.Max(0, Released - stop.Length + 1), StringComparison.Ordinal);
            if (at >= 0 && at < end)
            {
                end = at;
                Stopped = true;
            }
        }
        if (!Stopped)
        {
            end -= HeldBack(text);
        }
        if (end <= Released)
        {
            return "";
        }
        var released = text[Released..end];
        Released = end;
        return released;
    }

    /// <summary>What is left to release once generation ends without a stop sequence.</summary>
    public string Flush(string text)
    {
        if (Stopped || Released >= text.Length)
        {
            return "";
        }
        var rest = text[Released..];
        Released = text.Length;
        return rest;
    }

    private int HeldBack(string text)
    {
        var held = 0;
        while (held < text.Length && text[^(held + 1)] == '\uFFFD')
        {
            held++;
        }
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > held; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    held = length;
                    break;
                }
            }
        }
        return held;
    }
}
