using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.ServiceDefaults;

/// <summary>In Production the broker password must be neither empty nor a well-known default (RabbitMQ's own "guest", the local fleet's).</summary>
public sealed class RabbitMqOptionsValidator(IHostEnvironment environment) : IValidateOptions<RabbitMqOptions>
{
    private static readonly string[] KnownDefaults = ["guest", "fleet", "rabbitmq", "password", "changeme", "change-me"];

    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options) =>
        environment.IsProduction() && (string.IsNullOrWhiteSpace(options.Password) || KnownDefaults.Contains(options.Password, StringComparer.OrdinalIgnoreCase))
            ? ValidateOptionsResult.Fail("RabbitMq:Password is empty or a well-known default; production needs a secret of its own.")
            : ValidateOptionsResult.Success;
}
