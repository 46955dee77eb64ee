using System.Text.Json;

namespace Fleet.Api.Jobs;

/// <summary>A job as GET /v1/jobs/{id} answers it (../shared/DESIGN.md).</summary>
public sealed record JobResponse(
    Guid Id,
    string Type,
    string State,
    JobProgressResponse Progress,
    int Attempts,
    JsonElement Input,
    JsonElement? Result,
    JobErrorResponse? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static JobResponse From(JobRecord job) => new(
        job.Id,
        job.Type,
        job.State,
        new JobProgressResponse(job.ProgressPercent ?? 0, job.ProgressMessage),
        job.Attempts,
        job.Input,
        job.Result,
        job.ErrorCode is null ? null : new JobErrorResponse(job.ErrorCode, job.ErrorMessage ?? job.ErrorCode),
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt);
}

public sealed record JobProgressResponse(double Percent, string? Message);

public sealed record JobErrorResponse(string Code, string Message);

public sealed record JobListResponse(IReadOnlyList<JobResponse> Items, string? NextCursor);
