using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using WeChatLib.Domain.Notices;
using WeChatLib.Infrastructure.Observability;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// The service account's server URL. Answers are WeChat's, not the REST API's: refusals are bare status codes, a
/// failing action still answers, and every answer leaves within <c>WeChat:ReplyBudgetMilliseconds</c>; an action
/// that needs longer finishes in the background and its answer goes out as a custom message.
/// </summary>
public static class WeChatCallbackEndpoints
{
    private const string Success = "success";

    public static IEndpointRouteBuilder MapWeChatCallback(this IEndpointRouteBuilder app)
    {
        app.MapGet("/wechat/callback", Verify).ExcludeFromDescription();
        app.MapPost("/wechat/callback", ReceiveAsync).ExcludeFromDescription();
        return app;
    }

    private static IResult Verify(HttpRequest request, WeChatEnvelope envelope) =>
        envelope.Verify(Query(request), request.Query["echostr"]) is { } echo
            ? Results.Text(echo, "text/plain")
            : Results.StatusCode(StatusCodes.Status401Unauthorized);

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request, WeChatEnvelope envelope, WeChatDedupe dedupe, WeChatDispatcher dispatcher, ReaderSessions sessions, ReaderMessageLimit limit,
        INoticeOutbox outbox, IOptions<WeChatOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WeChatDispatcher> logger)
    {
        var clock = Stopwatch.StartNew();
        var budget = TimeSpan.FromMilliseconds(options.Value.ReplyBudgetMilliseconds);
        if (await ReadBodyAsync(request) is not { } body)
            return Observed(Results.StatusCode(StatusCodes.Status413PayloadTooLarge), null, WebhookOutcome.Refused, clock);

        var opened = await envelope.OpenAsync(Query(request), body);
        if (opened.Message is not { } message)
        {
            logger.LogWarning("WeChat callback refused ({Status}): {Why}", opened.Status, opened.Why);
            return Observed(Results.StatusCode(opened.Status), null, WebhookOutcome.Refused, clock);
        }
        if (opened.BodyUnchecked)
        {
            // Plain mode while Redis is away: the body may be forged under a captured signature, so nothing is done.
            logger.LogWarning("A plaintext WeChat message could not be checked against its nonce: Redis is unavailable");
            return Observed(Answer(envelope, Render(new WeChatReply.Text(Say.Busy), message, time), opened.Encrypted), message, WebhookOutcome.Refused, clock);
        }
        if (message.IsEvent is false || message.Event is "click" or "scancode_push" or "scancode_waitmsg" or "subscribe" or "scan")
            await sessions.TouchAsync(message.FromUserName, time.GetUtcNow());

        var key = message.DedupeKey;
        // The dedupe record and the reader's rate counter in one round trip (a rare retry counts once more).
        var begin = dedupe.BeginAsync(key);
        var allowed = WeChatDispatcher.IsFromReader(message) ? limit.TryAcquireAsync(message.FromUserName) : Task.FromResult(true);
        await Task.WhenAll(begin, allowed);
        var start = await begin;
        if (start == DedupeStart.Retry)
        {
            // A retry: the first delivery's reply, as soon as it exists, sealed afresh.
            var first = await dedupe.FirstReplyAsync(key, time.GetUtcNow() + budget - clock.Elapsed, request.HttpContext.RequestAborted);
            return Observed(Answer(envelope, first ?? Success, opened.Encrypted), message, WebhookOutcome.Retry, clock);
        }
        var deduplicated = start == DedupeStart.First;
        if (!deduplicated)
            logger.LogWarning("Redis is unavailable: a WeChat message is handled without its dedupe record");

        // Not tied to the request: WeChat hanging up must not cancel the reader's answer.
        var work = await allowed
            ? dispatcher.ReplyAsync(message, deduplicated, lifetime.ApplicationStopping)
            : Task.FromResult<WeChatReply>(new WeChatReply.Text(Say.TooFast));
        var remaining = budget - clock.Elapsed;
        try
        {
            var xml = Render(await work.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time), message, time);
            if (deduplicated)
                await dedupe.CompleteAsync(key, xml);
            return Observed(Answer(envelope, xml, opened.Encrypted), message, await allowed ? WebhookOutcome.Replied : WebhookOutcome.Limited, clock);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("WeChat action for {Route} passed the reply budget; answering later", RouteLabel.Of(MessageRouter.RouteKey(message)));
        }
        if (deduplicated)
            await dedupe.CompleteAsync(key, Success);
        _ = AnswerLateAsync(work, message, key, outbox, logger);
        return Observed(Answer(envelope, Success, opened.Encrypted), message, WebhookOutcome.Late, clock);
    }

    private static async Task AnswerLateAsync(Task<WeChatReply> work, WeChatMessage message, string key, INoticeOutbox outbox, ILogger logger)
    {
        try
        {
            if (await work is WeChatReply.Text text)
                await outbox.EnqueueAsync(Notice.Reply($"reply:{WeChatDedupe.Fingerprint(key)}", message.FromUserName, text.Content), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "A late WeChat answer could not be queued");
        }
    }

    // Route keys are worked out only while metrics are read.
    private static IResult Observed(IResult result, WeChatMessage? message, string outcome, Stopwatch clock)
    {
        if (WeChatLibMetrics.WebhookObserved)
            WeChatLibMetrics.WebhookAnswered(message is null ? RouteLabel.None : RouteLabel.Of(MessageRouter.RouteKey(message)), outcome, clock.Elapsed);
        return result;
    }

    private static string Render(WeChatReply reply, WeChatMessage message, TimeProvider time) => reply switch
    {
        WeChatReply.Text text => WeChatXml.Text(message, text.Content, time.GetUtcNow()),
        WeChatReply.News news => WeChatXml.News(message, news.Articles, time.GetUtcNow()),
        _ => Success,
    };

    private static IResult Answer(WeChatEnvelope envelope, string reply, bool encrypted) =>
        reply == Success
            ? Results.Text(Success, "text/plain")
            : Results.Text(envelope.Seal(reply, encrypted), "application/xml; charset=utf-8");

    // The limit holds before parsing: at most 64 KiB are ever read.
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > WeChatXml.MaxBytes)
            return null;
        var buffer = ArrayPool<byte>.Shared.Rent(WeChatXml.MaxBytes + 1);
        try
        {
            var read = 0;
            int count;
            while (read <= WeChatXml.MaxBytes && (count = await request.Body.ReadAsync(buffer.AsMemory(read, WeChatXml.MaxBytes + 1 - read), request.HttpContext.RequestAborted)) > 0)
                read += count;
            return read > WeChatXml.MaxBytes ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CallbackQuery Query(HttpRequest request) => new(
        request.Query["signature"], request.Query["timestamp"], request.Query["nonce"], request.Query["encrypt_type"], request.Query["msg_signature"]);
}
