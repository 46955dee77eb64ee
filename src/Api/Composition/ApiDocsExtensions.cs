using Scalar.AspNetCore;

namespace Fleet.Api.Composition;

public static class ApiDocsExtensions
{
    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer<JobSchemasDocumentTransformer>());
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization();
        app.MapScalarApiReference("/scalar").RequireAuthorization();
        return app;
    }
}
