using MassTransit;

namespace Fleet.Bench.Peers;

/// <summary>
/// One bus configuration for the raw bus peer's publisher and consumer processes: the same broker settings Fleet uses
/// (publisher confirms on), with this run's own exchange and queue names so runs never see each other's messages.
/// </summary>
public static class BenchBusFactory
{
    public static IBusControl Create(
        BenchEnvironment env,
        string exchange,
        Action<IRabbitMqBusFactoryConfigurator>? configure = null) =>
        Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(env.RabbitMq.Host, (ushort)env.RabbitMq.Port, env.RabbitMqVirtualHost, h =>
            {
                h.Username(env.RabbitMqUser);
                h.Password(env.RabbitMqPassword);
                h.PublisherConfirmation = true;
            });
            cfg.Message<BenchPing>(m => m.SetEntityName(exchange));
            configure?.Invoke(cfg);
        });
}
