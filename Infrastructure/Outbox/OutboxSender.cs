using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Common;
using WeChatLib.Infrastructure.Observability;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Infrastructure.Outbox;

/// <summary>Sends one claimed notice and records what became of it.</summary>
public sealed class OutboxSender(
    OutboxStore store, TemplateMapping templates, WeChatApiClient weChat, WeChatAlarms alarms, SendRateLimiter rateLimiter,
    LibraryClock clock, IOptions<NoticesOptions> notices, IOptions<OutboxOptions> outbox, IOptions<PublicUrl> publicUrl,
    ILogger<OutboxSender> logger)
{
    private static readonly TimeSpan UnknownOutcomeRetry = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan NotSentRetry = TimeSpan.FromSeconds(5);

    public const string StaleReason = "stale: its due date has passed";

    public async Task SendAsync(OutboxItem item, string worker, CancellationToken cancellationToken)
    {
        // Held by quiet hours or an outage past its moment: a reminder of a day now over would tell the reader something untrue.
        if (item.StaleAfter is { } staleAfter && clock.UtcNow >= staleAfter)
        {
            await store.DroppedAsync(item.Id, worker, StaleReason, cancellationToken);
            WeChatLibMetrics.Dropped(item.Kind, "stale");
            return;
        }
        if (item.OpenId is null)
        {
            await store.FailedAsync(item.Id, worker, "the reader is not bound to WeChat", cancellationToken);
            return;
        }
        if (item.Channel == "template" && notices.Value.QuietHours.Contains(clock.LocalNow))
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(notices.Value.QuietHours.EndAfter(clock.LocalNow), clock.Zone);
            await store.HoldAsync(item.Id, worker, "held", OutboxStore.QuietHoursReason, new DateTimeOffset(end, TimeSpan.Zero), cancellationToken);
            return;
        }

        TemplateMessage? message = null;
        if (item.Channel == "template")
        {
            switch (templates.Build(item.Kind, item.Fields, publicUrl.Value.BaseUrl))
            {
                case TemplateBuild.NoTemplate:
                    await store.HoldAsync(item.Id, worker, "held", $"no template configured for {item.Kind}", DateTimeOffset.MaxValue, cancellationToken);
                    return;
                case TemplateBuild.Invalid invalid:
                    await store.FailedAsync(item.Id, worker, invalid.Problem, cancellationToken);
                    return;
                case TemplateBuild.Ready ready:
                    message = ready.Message with { ToUser = item.OpenId, ClientMsgId = ClientMsgId.For(item.IdempotencyKey) };
                    break;
            }
        }

        // Each request holds the notice past the longest a request may take, so no other worker can take it meanwhile.
        var attempts = new NoticeAttempts(store, item, worker, TimeSpan.FromSeconds(outbox.Value.LeaseSeconds) + WeChatApiClient.RequestTimeout);
        try
        {
            await SendAndRecordAsync(item, message, attempts, worker, cancellationToken);
        }
        finally
        {
            await attempts.FlushAsync();
        }
    }

    private async Task SendAndRecordAsync(OutboxItem item, TemplateMessage? message, NoticeAttempts attempts, string worker,
        CancellationToken cancellationToken)
    {
        WeChatResult<long> result;
        try
        {
            await rateLimiter.WaitAsync(cancellationToken);
            result = message is not null
                ? await weChat.SendTemplateAsync(message, attempts, cancellationToken)
                : (await weChat.SendCustomTextAsync(item.OpenId!, item.Fields.GetValueOrDefault("text") ?? "", attempts, cancellationToken)).As<long>();
        }
        catch (Exception e) when (e is not OperationCanceledException && !attempts.InFlight)
        {
            // Nothing left the process (Redis away in the rate cell or the token read, say): a plain retry, never "unknown".
            logger.LogWarning(e, "Notice {Id} ({Kind}) not sent; retrying", item.Id, item.Kind);
            var retry = NotSentRetry + TimeSpan.FromSeconds(Random.Shared.NextDouble());
            await store.NotSentAsync(item.Id, worker, e.GetType().Name, retry, CancellationToken.None, attempts.Ended);
            attempts.Written();
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A request left and its answer was lost: it may have reached WeChat.
            var lost = new WeChatError(WeChatError.Unreachable, e.GetType().Name);
            await attempts.ClosedAsync(WeChatResult<JsonElement>.Failed(WeChatOutcome.Unknown, lost));
            result = WeChatResult<long>.Failed(WeChatOutcome.Unknown, lost);
        }
        // What became of a request that left is recorded even while the service stops: it is what the next claim goes by.
        // Should that write fail, the request's end is still written by the flush that ends every send.
        await RecordAsync(item, worker, result, attempts.Ended, CancellationToken.None);
        attempts.Written();
    }

    // The notice's new state, written with how its last request ended.
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
            case WeChatOutcome.Success:
                await store.SentAsync(item.Id, worker, result.Value, cancellationToken, ended);
                break;
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
        if (result.Outcome != WeChatOutcome.Success)
            logger.LogWarning("Notice {Id} ({Kind}) not sent: {Outcome} {Reason}", item.Id, item.Kind, result.Outcome, reason);
    }
}

/// <summary>Where readers' browsers reach the service: the top-level <c>PublicBaseUrl</c>, for links in notices.</summary>
public sealed class PublicUrl
{
    public string BaseUrl { get; set; } = "";
}
