using System.Globalization;
using System.Net.Http.Headers;
using Fleet.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Integration.Tests.Security;

/// <summary>
/// A second in-process Api on the shared fleet's database and virtual host, with settings of a test's own (JWT,
/// rate limits, another environment): another replica, as production runs several.
/// </summary>
public sealed class ConfiguredApi : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    public ConfiguredApi(
        FleetServers fleet, IReadOnlyDictionary<string, string?> settings, string environment = "Development", Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = fleet.Database.ConnectionString,
            ["RabbitMq:Host"] = TestServers.RabbitMq.Host,
            ["RabbitMq:Port"] = TestServers.RabbitMq.Port.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = fleet.VirtualHost,
            ["RabbitMq:Username"] = TestServers.RabbitMqUsername,
            ["RabbitMq:Password"] = TestServers.RabbitMqPassword,
            ["Auth:BootstrapAdminKey"] = fleet.AdminKey,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        // Added after the app's own appsettings files, so these win over them.
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment(environment)
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(all))
            .ConfigureTestServices(s => services?.Invoke(s)));
        if (kestrel)
        {
            // A real socket server, so Kestrel's own limits and request-line parsing answer as in production.
            factory.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        }
    }

    public IServiceProvider Services => factory.Services;

    public HttpClient CreateClient(string? bearer)
    {
        var client = factory.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    /// <summary>
    /// With <c>kestrel: true</c>, a plain socket client that may send what HttpClient's defaults refuse (Latin-1
    /// header bytes) and follows no redirect.
    /// </summary>
    public HttpClient CreateSocketClient(string bearer)
    {
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1,
        })
        { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
