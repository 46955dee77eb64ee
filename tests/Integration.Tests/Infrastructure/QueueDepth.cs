using System.Globalization;

namespace Fleet.Integration.Tests.Infrastructure;

/// <summary>
/// A queue's messages as the broker counts them right now (rabbitmqctl list_queues), unlike the management API's
/// statistics, which are sampled every few seconds. Unacknowledged messages are held by a consumer that has not
/// finished with them.
/// </summary>
public sealed record QueueDepth(string Queue, long Ready, long Unacknowledged)
{
    public bool IsEmpty => Ready == 0 && Unacknowledged == 0;

    public static async Task<QueueDepth> ReadAsync(string vhost, string queue, CancellationToken cancellationToken)
    {
        var table = await ExternalTool.RunAsync(
            TestServers.RabbitMqCtl,
            ["-q", "-p", vhost, "list_queues", "name", "messages_ready", "messages_unacknowledged", "--no-table-headers"],
            cancellationToken);
        var row = table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .SingleOrDefault(columns => columns[0] == queue)
            ?? throw new InvalidOperationException($"Queue {queue} does not exist in virtual host {vhost}:\n{table}");
        return new QueueDepth(queue, long.Parse(row[1], CultureInfo.InvariantCulture), long.Parse(row[2], CultureInfo.InvariantCulture));
    }
}
