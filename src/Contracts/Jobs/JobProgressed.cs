namespace Fleet.Contracts.Jobs;

/// <summary>Worker → job state machine: progress of a running attempt. Shown in GET /v1/jobs/{id} and as SSE <c>progress</c>.</summary>
public record JobProgressed
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    /// <summary>0–100.</summary>
    public required double Percent { get; init; }
    public string? Message { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When the attempt began: progress can reach the state machine before JobStarted does.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The worker running the attempt.</summary>
    public string? WorkerId { get; init; }
}
