namespace Fleet.Api.Composition;

public static class ApiErrorsExtensions
{
    /// <summary>Every error is problem+json; an unavailable database is a 503 with Retry-After, never a 500.</summary>
    public static IHostApplicationBuilder AddApiErrors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DependencyUnavailableHandler>();
        return builder;
    }
}
