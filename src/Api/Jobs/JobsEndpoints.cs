using System.Security.Claims;
using System.Text.Json;
using Fleet.Security;
using Fleet.Contracts.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Jobs;

public static class JobsEndpoints
{
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).RequireAuthorization(Scopes.JobsSubmit)
            .Accepts<JsonElement>("application/json");
        jobs.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Scopes.JobsRead);
        jobs.MapGet("/", ListAsync).RequireAuthorization(Scopes.JobsRead);
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Scopes.JobsCancel);
        jobs.MapPost("/{id:guid}/retry", RetryAsync).RequireAuthorization(Scopes.JobsSubmit);
        jobs.MapGet("/{id:guid}/events", JobEventsEndpoint.StreamAsync).RequireAuthorization(Scopes.JobsRead);
        return jobs;
    }

    internal static async Task<Results<Accepted<JobResponse>, Ok<JobResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        JobStore store,
        JobInputValidator validator,
        IOptions<JobsOptions> options,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem("The request body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var errors = new FieldErrors();
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            errors.Add("Idempotency-Key", "The Idempotency-Key header must be 1 to 200 characters.");
        }

        var body = await RequestJson.ReadAsync(request, options.Value.MaxRequestBytes, errors, cancellationToken);
        var submit = body is { } json ? new SubmitJobRequestReader(validator, options).Read(json, errors) : null;
        if (submit is null || !errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The job request is invalid.");
        }

        var outcome = await store.SubmitAsync(user.TenantId(), submit, idempotencyKey, cancellationToken);
        var response = JobResponse.From(outcome.Job);
        var location = $"/v1/jobs/{outcome.Job.Id}";
        return outcome.Result switch
        {
            SubmitResult.Created => TypedResults.Accepted(location, response),
            SubmitResult.Replayed => WithLocation(request, location, TypedResults.Ok(response)),
            _ => TypedResults.Problem(new ProblemDetails
            {
                Title = "Idempotency-Key reused with a different request.",
                Detail = $"The key was first used for job {outcome.Job.Id} with another body.",
                Status = StatusCodes.Status409Conflict,
                Type = "https://fleet.dev/problems/idempotency-key-reused",
            }),
        };
    }

    internal static async Task<Results<Ok<JobResponse>, NotFound>> GetAsync(Guid id, ClaimsPrincipal user, JobStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(user.TenantId(), id, cancellationToken) is { } job ? TypedResults.Ok(JobResponse.From(job)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<JobListResponse>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, JobStore store, JobInputValidator validator, IOptions<JobsOptions> options,
        string? state, string? type, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var max = options.Value.MaxListLimit;
        if (state is not null && state is not (JobStates.Scheduled or JobStates.Queued or JobStates.Running or JobStates.Succeeded or JobStates.Failed or JobStates.Cancelled))
        {
            errors.Add("state", "state must be one of scheduled, queued, running, succeeded, failed, cancelled.");
        }
        if (type is not null && !validator.IsKnownType(type))
        {
            errors.Add("type", "Unknown job type.");
        }
        if (limit is < 1 || limit > max)
        {
            errors.Add("limit", $"limit must be between 1 and {max}.");
        }
        JobCursor? after = null;
        if (cursor is not null && !JobCursor.TryDecode(cursor, out after))
        {
            errors.Add("cursor", "The cursor is not one this API returned.");
        }
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var pageSize = limit ?? 20;
        var page = await store.ListAsync(user.TenantId(), state, type, after, pageSize + 1, cancellationToken);
        var items = page.Take(pageSize).Select(JobResponse.From).ToList();
        var next = page.Count > pageSize ? new JobCursor(page[pageSize - 1].CreatedAt, page[pageSize - 1].Id).Encode() : null;
        return TypedResults.Ok(new JobListResponse(items, next));
    }

    internal static Task<Results<Accepted<JobResponse>, NotFound, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, JobStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        ControlAsync(id, user, store,
            allowed: state => !JobStates.IsFinished(state), verb: "cancelled", reason: "it has already finished",
            new CancelJob { JobId = id, Timestamp = clock.GetUtcNow() }, cancellationToken);

    internal static Task<Results<Accepted<JobResponse>, NotFound, ProblemHttpResult>> RetryAsync(
        Guid id, ClaimsPrincipal user, JobStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        ControlAsync(id, user, store,
            allowed: state => state is JobStates.Failed or JobStates.Cancelled, verb: "retried", reason: "only failed or cancelled jobs can be re-driven",
            new RetryJob { JobId = id, Timestamp = clock.GetUtcNow() }, cancellationToken);

    /// <summary>
    /// Cancel and retry alike: the caller's job or 404, 409 when its state does not allow the action, otherwise the
    /// control message goes to the job state machine through the outbox and the answer is 202.
    /// </summary>
    private static async Task<Results<Accepted<JobResponse>, NotFound, ProblemHttpResult>> ControlAsync<T>(
        Guid id, ClaimsPrincipal user, JobStore store, Func<string, bool> allowed, string verb, string reason, T message, CancellationToken cancellationToken)
        where T : class
    {
        var job = await store.GetAsync(user.TenantId(), id, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }
        if (!allowed(job.State))
        {
            return TypedResults.Problem(StateConflict(job, verb, reason));
        }
        await store.EnqueueControlAsync(message, cancellationToken);
        return TypedResults.Accepted($"/v1/jobs/{id}", JobResponse.From(job));
    }

    private static ProblemDetails StateConflict(JobRecord job, string verb, string reason) => new()
    {
        Title = $"The job cannot be {verb}.",
        Detail = $"Job {job.Id} is {job.State}: {reason}.",
        Status = StatusCodes.Status409Conflict,
        Type = "https://fleet.dev/problems/job-state-conflict",
    };

    private static Ok<JobResponse> WithLocation(HttpRequest request, string location, Ok<JobResponse> result)
    {
        request.HttpContext.Response.Headers.Location = location;
        return result;
    }
}
