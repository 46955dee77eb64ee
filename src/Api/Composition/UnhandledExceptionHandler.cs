using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Api.Composition;

/// <summary>
/// The last exception handler. A malformed request that the server itself rejected (body over Kestrel's limit,
/// a client that stopped sending) is that request's 4xx. Anything else is a bug: logged once with the exception,
/// answered 500 with a correlation id (the trace id, which is on the log line) and never the exception's message
/// or stack, which may hold internals.
/// </summary>
public sealed class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
            return true;
        }
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is malformed.",
                Type = "https://fleet.dev/problems/bad-request",
            };
        }
        else
        {
            var correlationId = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
            logger.LogError(exception, "Unhandled exception answering {Method} {Route}; correlation id {CorrelationId}",
                httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName ?? "(no endpoint)", correlationId);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged; quote the correlation id when reporting it.",
                Type = "https://fleet.dev/problems/internal-error",
                Extensions = { ["correlationId"] = correlationId },
            };
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
