using Fleet.Scheduler.Backups;
using Fleet.Workers.Jobs;

namespace Fleet.Scheduler.Composition;

public static class BackupExtensions
{
    /// <summary>
    /// The <c>backup.run</c> job handler, served by this process's job runtime (the Scheduler has pg_dump and the
    /// backup folder). Call before <c>AddControlPlane</c>, which puts its queue on the bus.
    /// </summary>
    public static IHostApplicationBuilder AddBackups(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>()
            .BindConfiguration(BackupOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PostgresClientTools>();
        builder.Services.AddSingleton<DatabaseDump>();
        builder.Services.AddSingleton<RestoreVerifier>();
        builder.Services.AddSingleton<ConfigurationSnapshot>();
        builder.Services.AddSingleton<BackupMetrics>();
        builder.Services.AddSingleton<BackupCatalog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BackupCatalog>());
        builder.Services.AddSingleton<IJobHandler, BackupJobHandler>();
        return builder;
    }
}
