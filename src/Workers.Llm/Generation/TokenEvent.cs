namespace Fleet.Workers.Llm.Generation;

/// <summary>An SSE <c>token</c> event: the next piece of text, numbered from 0 within the attempt.</summary>
public sealed record TokenEvent(int Seq, string Text, int Attempt);
