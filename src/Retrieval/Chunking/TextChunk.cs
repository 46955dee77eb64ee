namespace Fleet.Retrieval.Chunking;

/// <summary>One piece of a document: its position in the document, its text and its size in word pieces.</summary>
public sealed record TextChunk(int Index, string Text, int TokenCount);
