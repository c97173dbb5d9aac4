using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Common;
using WeChatLib.Infrastructure.Observability;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>
/// Sends claimed notices and records what became of them. What may not go now is settled first, one by one (stale,
/// unbound, quiet hours, no template); the rest of a batch share one reservation of the global rate and one statement
/// recording their first attempts, leave at most <c>parallelism</c> at a time, each at its own rate slot, and those
/// WeChat accepted are recorded as sent together; every other outcome is written as it comes.
/// </summary>
public sealed class OutboxSender(
    OutboxStore store, TemplateMapping templates, WeChatApiClient weChat, WeChatAlarms alarms, SendRateLimiter rateLimiter,
    LibraryClock clock, IOptions<NoticesOptions> notices, IOptions<OutboxOptions> outbox, IOptions<PublicUrl> publicUrl,
    ILogger<OutboxSender> logger)
{
    private static readonly TimeSpan UnknownOutcomeRetry = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan NotSentRetry = TimeSpan.FromSeconds(5);

    public const string StaleReason = "stale: its due date has passed";

    // Each request holds the notice past the longest a request may take, so no other worker can take it meanwhile.
    private TimeSpan Hold => TimeSpan.FromSeconds(outbox.Value.LeaseSeconds) + WeChatApiClient.RequestTimeout;

    public Task SendAsync(OutboxItem item, string worker, CancellationToken cancellationToken) =>
        SendBatchAsync([item], worker, 1, cancellationToken);

    public async Task SendBatchAsync(IReadOnlyList<OutboxItem> batch, string worker, int parallelism, CancellationToken cancellationToken)
    {
        var ready = new List<ReadySend>();
        foreach (var item in batch)
        {
            if (await PrepareAsync(item, worker, cancellationToken) is { } send)
                ready.Add(send);
        }
        if (ready.Count == 0)
            return;

        using var slots = new BatchSlots(rateLimiter, ready.Count, Math.Max(1, parallelism));
        IReadOnlyDictionary<long, long> attempts;
        try
        {
            // The attempts are recorded once the first slot has come, never long before their requests leave.
            var firstSlot = await slots.ReserveFirstAsync(cancellationToken);
            if (firstSlot > Lease / 2)
            {
                // The shared rate is booked far ahead: back to the queue rather than hold notices the lease may not cover.
                foreach (var send in ready)
                    await store.NotSentAsync(send.Item.Id, worker, "the send rate is booked ahead", firstSlot, CancellationToken.None);
                return;
            }
            if (firstSlot > TimeSpan.Zero)
                await Task.Delay(firstSlot, cancellationToken);
            // Not cancellable once under way: attempts recorded by a statement whose answer was abandoned would stay open.
            attempts = await store.BeginAttemptsAsync([.. ready.Select(r => r.Item.Id)], worker, Hold, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing left the process (Redis or PostgreSQL away): a plain retry, never "unknown".
            foreach (var send in ready)
                await NotSentAsync(send.Item, worker, e, null);
            return;
        }

        // A batch's first requests may use the attempts just recorded while the lease surely covers them; later ones
        // record their own, which checks the lease again.
        var firstUsableUntil = clock.UtcNow + Lease;
        var gates = ready.Select(r => new NoticeAttempts(store, r.Item, worker, Hold,
            attempts.TryGetValue(r.Item.Id, out var a) ? a : null, firstUsableUntil, clock)).ToArray();
        var accepted = new AcceptedSends(this, worker, logger);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, ready.Count),
                // The token goes to each send, not to the loop: a batch whose every send ended is not "cancelled".
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
                async (index, _) =>
                {
                    var (send, gate, token) = (ready[index], gates[index], cancellationToken);
                    try
                    {
                        token.ThrowIfCancellationRequested();
                        await slots.WaitAsync(token);
                        await SendOneAsync(send, gate, worker, accepted, token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "Sending notice {Id} failed; it is resent when its lease runs out", send.Item.Id);
                    }
                    finally
                    {
                        await FlushQuietlyAsync(gate);
                    }
                });
        }
        finally
        {
            // Recorded even while the service stops: it is what the next claim goes by. Then the attempts of sends the
            // stop kept from starting are forgotten (a flush of a send that ended does nothing).
            await accepted.DisposeAsync();
            foreach (var gate in gates)
                await FlushQuietlyAsync(gate);
        }
    }

    private TimeSpan Lease => TimeSpan.FromSeconds(outbox.Value.LeaseSeconds);

    // One failed flush must not keep the others from being written.
    private async Task FlushQuietlyAsync(NoticeAttempts gate)
    {
        try
        {
            await gate.FlushAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Recording how a request for a notice ended failed");
        }
    }

    // Settles what may not be sent now; what may is returned with its message.
    private async Task<ReadySend?> PrepareAsync(OutboxItem item, string worker, CancellationToken cancellationToken)
    {
        // Held by quiet hours or an outage past its moment: a reminder of a day now over would tell the reader something untrue.
        if (item.StaleAfter is { } staleAfter && clock.UtcNow >= staleAfter)
        {
            await store.DroppedAsync(item.Id, worker, StaleReason, cancellationToken);
            WeChatLibMetrics.Dropped(item.Kind, "stale");
            return null;
        }
        if (item.OpenId is null)
        {
            await store.FailedAsync(item.Id, worker, "the reader is not bound to WeChat", cancellationToken);
            return null;
        }
        if (item.Channel != "template")
            return new ReadySend(item, null);
        if (notices.Value.QuietHours.Contains(clock.LocalNow))
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(notices.Value.QuietHours.EndAfter(clock.LocalNow), clock.Zone);
            await store.HoldAsync(item.Id, worker, "held", OutboxStore.QuietHoursReason, new DateTimeOffset(end, TimeSpan.Zero), cancellationToken);
            return null;
        }
        switch (templates.Build(item.Kind, item.Fields, publicUrl.Value.BaseUrl))
        {
            case TemplateBuild.NoTemplate:
                await store.HoldAsync(item.Id, worker, "held", $"no template configured for {item.Kind}", DateTimeOffset.MaxValue, cancellationToken);
                return null;
            case TemplateBuild.Invalid invalid:
                await store.FailedAsync(item.Id, worker, invalid.Problem, cancellationToken);
                return null;
            case TemplateBuild.Ready built:
                return new ReadySend(item, built.Message with { ToUser = item.OpenId, ClientMsgId = ClientMsgId.For(item.IdempotencyKey) });
            default:
                throw new InvalidOperationException("unexpected template build");
        }
    }

    private async Task SendOneAsync(ReadySend send, NoticeAttempts attempts, string worker, AcceptedSends accepted,
        CancellationToken cancellationToken)
    {
        var item = send.Item;
        WeChatResult<long> result;
        try
        {
            result = send.Message is { } message
                ? await weChat.SendTemplateAsync(message, attempts, cancellationToken)
                : (await weChat.SendCustomTextAsync(item.OpenId!, item.Fields.GetValueOrDefault("text") ?? "", attempts, cancellationToken)).As<long>();
        }
        catch (Exception e) when (e is not OperationCanceledException && !attempts.InFlight)
        {
            // Nothing left the process (Redis away in the token read, say): a plain retry, never "unknown".
            await NotSentAsync(item, worker, e, attempts);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A request left and its answer was lost: it may have reached WeChat.
            var lost = new WeChatError(WeChatError.Unreachable, e.GetType().Name);
            await attempts.ClosedAsync(WeChatResult<JsonElement>.Failed(WeChatOutcome.Unknown, lost));
            result = WeChatResult<long>.Failed(WeChatOutcome.Unknown, lost);
        }
        if (result.Outcome == WeChatOutcome.Success)
        {
            // Written with the batch's other acceptances; the attempt's end goes with it.
            WeChatLibMetrics.Sent(item.Kind, result.Outcome);
            accepted.Add(new Accepted(item.Id, result.Value, attempts.Ended));
            attempts.Written();
            return;
        }
        // No request under the batch's attempt (the token could not be had, say): it goes before the notice's new state.
        await attempts.ForgetUnusedAsync();
        // What became of a request that left is recorded even while the service stops: it is what the next claim goes by.
        // Should that write fail, the request's end is still written by the flush that ends every send.
        await RecordAsync(item, worker, result, attempts.Ended, CancellationToken.None);
        attempts.Written();
    }

    private async Task NotSentAsync(OutboxItem item, string worker, Exception e, NoticeAttempts? attempts)
    {
        logger.LogWarning(e, "Notice {Id} ({Kind}) not sent; retrying", item.Id, item.Kind);
        if (attempts is not null)
            await attempts.ForgetUnusedAsync();
        var retry = NotSentRetry + TimeSpan.FromSeconds(Random.Shared.NextDouble());
        await store.NotSentAsync(item.Id, worker, e.GetType().Name, retry, CancellationToken.None, attempts?.Ended);
        attempts?.Written();
    }

    // One statement for what was accepted together; should it fail, each on its own, so that one bad row keeps no other
    // from being recorded.
    private async Task RecordAcceptedAsync(IReadOnlyList<Accepted> accepted, string worker)
    {
        if (accepted.Count == 0)
            return;
        try
        {
            var recorded = await store.SentAsync([.. accepted.Select(a => (a.Id, a.MsgId, a.Ended))], worker);
            if (recorded < accepted.Count)
                logger.LogWarning("{Lost} of {Count} notices WeChat accepted were no longer this worker's when recorded; their attempts say they were sent",
                    accepted.Count - recorded, accepted.Count);
            return;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Recording {Count} sent notices together failed; recording each", accepted.Count);
        }
        foreach (var (id, msgId, ended) in accepted)
        {
            try
            {
                await store.SentAsync(id, worker, msgId, CancellationToken.None, ended);
            }
            catch (Exception e)
            {
                // Its attempt says "success" if that much was written; the next claim then records it as sent.
                logger.LogError(e, "Recording notice {Id} as sent failed", id);
                if (ended is not null)
                    await store.EndAttemptAsync(ended);
            }
        }
    }

    /// <summary>
    /// The sends of a batch WeChat accepted, recorded together every <see cref="Every"/> while the batch runs and once
    /// more at its end: a long batch does not keep an acceptance unrecorded until a lease runs out.
    /// </summary>
    private sealed class AcceptedSends : IAsyncDisposable
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
        private readonly OutboxSender _sender;
        private readonly string _worker;
        private readonly ILogger _logger;
        private readonly ConcurrentQueue<Accepted> _queue = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _recorder;

        public AcceptedSends(OutboxSender sender, string worker, ILogger logger)
        {
            (_sender, _worker, _logger) = (sender, worker, logger);
            _recorder = Task.Run(RecordWhileRunningAsync);
        }

        public void Add(Accepted accepted) => _queue.Enqueue(accepted);

        private async Task RecordWhileRunningAsync()
        {
            using var timer = new PeriodicTimer(Every);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        await RecordQueuedAsync();
                    }
                    catch (Exception e)
                    {
                        // What was taken is written by the attempts' ends; the next claim goes by them.
                        _logger.LogError(e, "Recording sent notices failed");
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The batch ended: its last acceptances are recorded by DisposeAsync.
            }
        }

        private async Task RecordQueuedAsync()
        {
            var taken = new List<Accepted>();
            while (_queue.TryDequeue(out var accepted))
                taken.Add(accepted);
            await _sender.RecordAcceptedAsync(taken, _worker);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _recorder;
            await RecordQueuedAsync();
            _stop.Dispose();
        }
    }

    private sealed record ReadySend(OutboxItem Item, TemplateMessage? Message);

    private sealed record Accepted(long Id, long MsgId, AttemptEnd? Ended);

    // The new state of a notice WeChat did not accept, written with how its last request ended.
    private async Task RecordAsync(OutboxItem item, string worker, WeChatResult<long> result, AttemptEnd? ended, CancellationToken cancellationToken)
    {
        WeChatLibMetrics.Sent(item.Kind, result.Outcome);
        var reason = result.Error is { } error ? $"{error.Code} {error.Message}" : "";
        switch (result.Outcome)
        {
            case WeChatOutcome.Withheld:
                // The lease was lost to another worker, or WeChat's window closed: the store has seen to the notice.
                logger.LogInformation("Notice {Id} ({Kind}) not sent: this worker no longer holds it", item.Id, item.Kind);
                if (ended is not null)
                    await store.EndAttemptAsync(ended);
                return;
            case WeChatOutcome.Permanent:
                await store.FailedAsync(item.Id, worker, reason, cancellationToken, ended);
                break;
            case WeChatOutcome.QuotaExhausted:
                var until = await alarms.QuotaPausedUntilAsync() ?? clock.UtcNow.AddHours(1);
                await store.HoldAsync(item.Id, worker, "pending", "daily quota reached (45009)", until, cancellationToken, ended);
                break;
            case WeChatOutcome.Unknown:
                // Custom messages carry no client_msg_id: a resend could repeat, which for an answer is harmless.
                await store.OutcomeUnknownAsync(item.Id, worker, reason, UnknownOutcomeRetry, cancellationToken, ended);
                break;
            default:
                var backoff = TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, item.Attempts)) + Random.Shared.NextDouble());
                await store.RetryLaterAsync(item.Id, worker, reason, backoff, outbox.Value.MaxAttempts, cancellationToken, ended);
                break;
        }
        logger.LogWarning("Notice {Id} ({Kind}) not sent: {Outcome} {Reason}", item.Id, item.Kind, result.Outcome, reason);
    }
}

/// <summary>Where readers' browsers reach the service: the top-level <c>PublicBaseUrl</c>, for links in notices.</summary>
public sealed class PublicUrl
{
    public string BaseUrl { get; set; } = "";
}
