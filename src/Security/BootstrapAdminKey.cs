using Fleet.Security.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Security;

/// <summary>Inserts the configured bootstrap admin key at start, so a new fleet has one key to begin with.</summary>
public sealed class BootstrapAdminKey(ApiKeyStore keys, IOptions<AuthOptions> options, ILogger<BootstrapAdminKey> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BootstrapAdminKey))
        {
            return;
        }
        await keys.EnsureAsync(settings.BootstrapAdminKey, settings.BootstrapTenant, Scopes.All, "bootstrap-admin", cancellationToken);
        logger.LogInformation("Bootstrap admin key present for tenant {Tenant}", settings.BootstrapTenant);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
