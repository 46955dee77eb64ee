using System.Diagnostics;
using Fleet.Contracts.Jobs;
using Fleet.ServiceDefaults.Tracing;
using Fleet.Storage.Outbox;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Api.Outbox;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and deletes them once the broker has confirmed them. Rows are claimed
/// with FOR UPDATE SKIP LOCKED, so several Api replicas relay side by side; a crash between confirm and delete
/// re-publishes (at-least-once), which the consumers tolerate: workers skip finished jobs and the state machine
/// ignores late duplicates.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int relayed;
                do
                {
                    relayed = await RelayBatchAsync(settings, stoppingToken);
                }
                while (relayed == settings.BatchSize);
                failures = 0;
                await signal.WaitAsync(TimeSpan.FromMilliseconds(settings.PollIntervalMs), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                // Broker or database unavailable: the rows stay, and the next attempt backs off up to 5 s.
                failures++;
                logger.LogWarning(ex, "Outbox relay failed {Failures} time(s) in a row; retrying", failures);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * failures)), stoppingToken);
            }
        }
    }

    private async Task<int> RelayBatchAsync(OutboxOptions settings, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        var ids = new List<long>(settings.BatchSize);
        var messages = new List<OutboxMessage>(settings.BatchSize);
        await using (var select = new NpgsqlCommand(
            "SELECT id, destination, message_type, body::text, traceparent, tracestate FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = settings.BatchSize });
            await using var reader = await select.ExecuteReaderAsync(stoppingToken);
            while (await reader.ReadAsync(stoppingToken))
            {
                ids.Add(reader.GetInt64(0));
                messages.Add(new OutboxMessage(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3))
                {
                    Trace = reader.IsDBNull(4) ? null : new TraceContext(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)),
                });
            }
        }
        if (ids.Count == 0)
        {
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.PublishTimeoutMs);
        await Task.WhenAll(messages.Select(m => DeliverAsync(m, timeout.Token)));

        await using (var delete = new NpgsqlCommand("DELETE FROM outbox WHERE id = ANY($1)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await delete.ExecuteNonQueryAsync(stoppingToken);
        }
        await transaction.CommitAsync(stoppingToken);
        return ids.Count;
    }

    /// <summary>
    /// Publishes one row inside a span whose parent is the trace context stored with it, so MassTransit's send span,
    /// and through its headers the consumers' spans, continue the trace of the request that wrote the row.
    /// </summary>
    private async Task DeliverAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var parent = row.Trace?.AsRemoteParent() ?? default;
        using var activity = FleetActivitySource.Source.StartActivity("outbox relay", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.destination.name", row.Destination);
        activity?.SetTag("fleet.message_type", row.MessageType);
        var (message, type) = row.Deserialize();
        if (row.Destination is null)
        {
            await bus.Publish(message, type, cancellationToken);
            return;
        }
        var endpoint = await bus.GetSendEndpoint(JobQueues.Address(row.Destination));
        await endpoint.Send(message, type, cancellationToken);
    }
}
