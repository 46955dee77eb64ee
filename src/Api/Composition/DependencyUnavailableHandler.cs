using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Fleet.Api.Composition;

/// <summary>
/// PostgreSQL unreachable (restarting, failing over, out of connections) is not the caller's mistake and not a bug:
/// answer 503 with Retry-After so clients and load balancers back off and retry, instead of a 500.
/// </summary>
public sealed class DependencyUnavailableHandler(IProblemDetailsService problems, NpgsqlDataSource dataSource, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not NpgsqlException { IsTransient: true } and not TimeoutException)
        {
            return false;
        }
        logger.LogWarning(exception, "Answering 503: the database is unavailable");
        // After a database restart every idle pooled connection is dead but fails only when next used; dropping
        // the pool now costs one failed request instead of one per pooled connection.
        dataSource.Clear();
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is temporarily unavailable.",
                Detail = $"A dependency did not answer. Retry after {RetryAfterSeconds} s; an Idempotency-Key makes the retry safe.",
                Type = "https://fleet.dev/problems/dependency-unavailable",
            },
        });
    }
}
