using System.Text.Json;

namespace Fleet.Contracts.Jobs;

/// <summary>Worker → job state machine: an attempt finished with <see cref="Result"/>. Recorded once; late duplicates are ignored.</summary>
public record JobSucceeded
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required JsonElement Result { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When the attempt began; lets a short job skip its separate JobStarted.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The worker that ran the attempt.</summary>
    public string? WorkerId { get; init; }
}
