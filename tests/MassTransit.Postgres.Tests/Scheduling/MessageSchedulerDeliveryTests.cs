using Fleet.MassTransit.Postgres.Tests.Sagas;
using MassTransit;
using Xunit;

namespace Fleet.MassTransit.Postgres.Tests.Scheduling;

/// <summary>
/// The PostgreSQL scheduler on real RabbitMQ and PostgreSQL: each test has its own database and virtual host, so the
/// scheduler queue can be the real <c>fleet-scheduler</c>.
/// </summary>
public sealed class MessageSchedulerDeliveryTests : SchedulerTestBase
{
    [Fact]
    public async Task Scheduled_message_is_delivered_once_after_its_due_time_with_its_ids_and_headers()
    {
        await using var process = await StartProcessAsync();
        var reminder = new ReminderDue { ReminderId = Guid.NewGuid(), Text = "water the plants" };
        var correlationId = Guid.NewGuid();
        var dueAt = DateTime.UtcNow.AddSeconds(1);

        var scheduled = await process.Scheduler.ScheduleSend(SchedulerProcess.RemindersAddress, dueAt, reminder,
            Pipe.Execute<SendContext<ReminderDue>>(context =>
            {
                context.CorrelationId = correlationId;
                context.Headers.Set("X-Fleet-Tenant", "tenant-7");
            }), Cancellation);

        var delivery = await Recorder.WaitForAsync<ReminderDue>(m => m.ReminderId == reminder.ReminderId, "the scheduled ReminderDue", Cancellation);
        await Poll.UntilAsync(() => Database.CountScheduledAsync(scheduled.TokenId, Cancellation), n => n == 0,
            "the delivered message's row to be deleted", Cancellation);

        Assert.Equal(reminder, delivery.Message);
        Assert.Single(Recorder.Of<ReminderDue>(m => m.ReminderId == reminder.ReminderId));
        Assert.True(delivery.ReceivedAt >= new DateTimeOffset(dueAt), $"received at {delivery.ReceivedAt:O}, due at {dueAt:O}");
        Assert.Equal(correlationId, delivery.CorrelationId);
        Assert.Equal("tenant-7", delivery.Headers["X-Fleet-Tenant"]);
        Assert.Equal(scheduled.TokenId.ToString(), delivery.Headers[MessageHeaders.SchedulingTokenId]);
        TestContext.Current.TestOutputHelper?.WriteLine($"Received {(delivery.ReceivedAt - dueAt).TotalMilliseconds:0} ms after due");
    }

    [Fact]
    public async Task Stored_message_is_delivered_by_a_new_process_after_a_restart()
    {
        var reminder = new ReminderDue { ReminderId = Guid.NewGuid(), Text = "survive the deploy" };
        // Far enough ahead that the first process is certainly stopped before the message falls due.
        var dueAt = DateTime.UtcNow.AddSeconds(5);
        Guid tokenId;
        await using (var first = await StartProcessAsync())
        {
            tokenId = (await first.Scheduler.ScheduleSend(SchedulerProcess.RemindersAddress, dueAt, reminder, Cancellation)).TokenId;
            await Poll.UntilAsync(() => Database.CountScheduledAsync(tokenId, Cancellation), n => n == 1,
                "the schedule to be stored", Cancellation);
        }
        Assert.Equal(1, await Database.CountScheduledAsync(tokenId, Cancellation));
        Assert.Empty(Recorder.Of<ReminderDue>(m => m.ReminderId == reminder.ReminderId));

        await using var second = await StartProcessAsync();
        var delivery = await Recorder.WaitForAsync<ReminderDue>(m => m.ReminderId == reminder.ReminderId,
            "the ReminderDue stored before the restart", Cancellation);
        await Poll.UntilAsync(() => Database.CountScheduledAsync(tokenId, Cancellation), n => n == 0,
            "the delivered message's row to be deleted", Cancellation);

        Assert.Single(Recorder.Of<ReminderDue>(m => m.ReminderId == reminder.ReminderId));
        Assert.True(delivery.ReceivedAt >= new DateTimeOffset(dueAt), $"received at {delivery.ReceivedAt:O}, due at {dueAt:O}");
    }

    [Fact]
    public async Task Message_scheduled_from_a_consumer_is_delivered_in_the_same_conversation()
    {
        await using var process = await StartProcessAsync();
        var countdownId = Guid.NewGuid();
        var conversationId = Guid.NewGuid();
        var triggerCorrelationId = Guid.NewGuid();

        var endpoint = await process.Bus.GetSendEndpoint(SchedulerProcess.StartCountdownAddress);
        await endpoint.Send(new StartCountdown { CountdownId = countdownId }, context =>
        {
            context.ConversationId = conversationId;
            context.CorrelationId = triggerCorrelationId;
            context.Headers.Set("X-Fleet-Tenant", "tenant-9");
        }, Cancellation);

        var delivery = await Recorder.WaitForAsync<CountdownElapsed>(m => m.CountdownId == countdownId,
            "the CountdownElapsed scheduled by StartCountdownConsumer", Cancellation);

        // What MassTransit's send from a consumer carries over (TransferConsumeContextHeaders) must survive the delay.
        Assert.Equal(new CountdownElapsed { CountdownId = countdownId }, delivery.Message);
        Assert.Equal(conversationId, delivery.ConversationId);
        Assert.Equal(triggerCorrelationId, delivery.InitiatorId);
        Assert.Equal("tenant-9", delivery.Headers["X-Fleet-Tenant"]);
    }

    [Fact]
    public async Task Two_scheduler_replicas_deliver_each_of_many_messages_once()
    {
        const int count = 300;
        await using var first = await StartProcessAsync();
        await using var second = await StartProcessAsync();
        var start = DateTime.UtcNow;
        var due = new Dictionary<Guid, DateTime>();
        for (var i = 0; i < count; i++)
        {
            var reminder = new ReminderDue { ReminderId = Guid.NewGuid(), Text = $"reminder {i}" };
            due[reminder.ReminderId] = start.AddMilliseconds(1000 + 10 * i);
            await (i % 2 == 0 ? first : second).Scheduler.ScheduleSend(SchedulerProcess.RemindersAddress, due[reminder.ReminderId], reminder, Cancellation);
        }

        await Poll.UntilAsync(() => Task.FromResult(Recorder.Of<ReminderDue>(m => due.ContainsKey(m.ReminderId)).Count), n => n >= count,
            $"{count} scheduled ReminderDue messages", Cancellation);
        await Poll.UntilAsync(() => Database.CountAllScheduledAsync(Cancellation), n => n == 0, "every row to be deleted", Cancellation);

        var deliveries = Recorder.Of<ReminderDue>(m => due.ContainsKey(m.ReminderId));
        Assert.Equal(count, deliveries.Select(d => ((ReminderDue)d.Message).ReminderId).Distinct().Count());
        Assert.Equal(count, deliveries.Count);
        var lateness = deliveries.Select(d => (d.ReceivedAt - due[((ReminderDue)d.Message).ReminderId]).TotalMilliseconds).Order().ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Lateness over {count} messages: min {lateness[0]:0} ms, p50 {lateness[count / 2]:0} ms, p99 {lateness[count * 99 / 100]:0} ms, max {lateness[^1]:0} ms");
    }

    private Task<SchedulerProcess> StartProcessAsync() => SchedulerProcess.StartAsync(Database, VirtualHost, Recorder, Cancellation);
}
