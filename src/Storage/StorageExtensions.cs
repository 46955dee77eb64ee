using System.Diagnostics;
using Fleet.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers the pooled <see cref="NpgsqlDataSource"/> for the Fleet database, its readiness check, and the
    /// schema migrator. Call it before <c>AddFleetBus</c>: hosted services start in order, and consumers must
    /// find the schema in place.
    /// </summary>
    public static IHostApplicationBuilder AddFleetDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .PostConfigure<IConfiguration>((o, config) => o.ConnectionString ??= config.GetConnectionString("Fleet"))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString);
            dataSource.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
            // The job path runs a handful of statements over and over: prepared once per connection, parsed never again.
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(dataSource.ConnectionStringBuilder.MaxAutoPrepare, 32);
            // A span only for a statement inside a trace (a request, a relayed message, a job): the pollers, heartbeats
            // and connection opens that run outside one would each start a trace of their own every second.
            dataSource.ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null)
                .EnablePhysicalOpenTracing(false));
            return dataSource.Build();
        });
        builder.Services.AddHostedService<SchemaMigrator>();
        builder.Services.AddHealthChecks().AddNpgSql(name: "postgresql", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
