using Fleet.Api.Jobs;
using Fleet.Api.Outbox;

namespace Fleet.Api.Composition;

public static class JobStoreExtensions
{
    public static IHostApplicationBuilder AddJobStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobInputValidator>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}
