namespace Fleet.Api.Composition;

public static class ApiErrorsExtensions
{
    /// <summary>
    /// Every error is problem+json with a trace id; an unavailable database is a 503 with Retry-After; a bug is a
    /// logged 500 with a correlation id and nothing internal.
    /// </summary>
    public static IHostApplicationBuilder AddApiErrors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        // In order: the first that handles an exception wins.
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        return builder;
    }
}
