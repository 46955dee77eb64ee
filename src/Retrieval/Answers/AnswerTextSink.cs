namespace Fleet.Retrieval.Answers;

/// <summary>Receives an answer's text piece by piece while it is generated (the LLM worker streams it as SSE <c>token</c> events).</summary>
public delegate Task AnswerTextSink(IReadOnlyList<string> pieces, CancellationToken cancellationToken);
