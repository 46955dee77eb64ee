using Fleet.Scheduler.Schedules;
using Fleet.Storage;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace Fleet.Scheduler.Composition;

public static class SchedulesExtensions
{
    /// <summary>Hangfire's storage in the Fleet database (its own schema).</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Hangfire on PostgreSQL (schema <see cref="HangfireSchema"/>), a Hangfire server, and one recurring job per
    /// schedule in <see cref="SchedulesOptions"/>, each submitting its fleet job when it fires.
    /// </summary>
    public static IHostApplicationBuilder AddSchedules(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SchedulesOptions>()
            .BindConfiguration(SchedulesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SchedulesOptions>, SchedulesOptionsValidator>();
        builder.Services.AddSingleton<ScheduledJobSubmitter>();
        builder.Services.AddTransient<ScheduledJobFiring>();

        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                bootstrap => bootstrap.UseNpgsqlConnection(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString),
                new PostgreSqlStorageOptions { SchemaName = HangfireSchema, PrepareSchemaIfNecessary = true }));
        builder.Services.AddHangfireServer((services, server) =>
        {
            var settings = services.GetRequiredService<IOptions<SchedulesOptions>>().Value;
            server.WorkerCount = settings.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromMilliseconds(settings.PollIntervalMs);
        });
        builder.Services.AddHostedService<RecurringJobRegistrar>();
        return builder;
    }
}
