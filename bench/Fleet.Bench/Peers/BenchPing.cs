namespace Fleet.Bench.Peers;

/// <summary>Raw bus peer's message: about the size of a job command's envelope payload, small on purpose.</summary>
public sealed record BenchPing
{
    public required Guid JobId { get; init; }
    public required int Sequence { get; init; }
}
