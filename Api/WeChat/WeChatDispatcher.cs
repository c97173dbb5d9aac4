using WeChatLib.Api.WeChat.Actions;
using WeChatLib.Infrastructure.Observability;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// Runs the routed action for a message, never letting a failure reach WeChat: an error becomes a polite text. Long
/// texts are fitted to WeChat's limit with the rest kept for “更多”.
/// </summary>
public sealed class WeChatDispatcher(MessageRouter router, ReaderSessions sessions, ILogger<WeChatDispatcher> logger)
{
    /// <summary>Messages a reader sends of their own accord, which count against their per-minute limit.</summary>
    public static bool IsFromReader(WeChatMessage message) =>
        !message.IsEvent || message.Event is "click" or "scancode_push" or "scancode_waitmsg";

    /// <summary>
    /// The reply to a message. Not <paramref name="deduplicated"/> (Redis is away, no dedupe record was taken), a retry
    /// would run the action again: only an action that is safe to repeat runs, the others ask the reader to try again.
    /// </summary>
    public async Task<WeChatReply> ReplyAsync(WeChatMessage message, bool deduplicated, CancellationToken cancellationToken)
    {
        var route = MessageRouter.RouteKey(message);
        var action = router.Resolve(message, route);
        if (!deduplicated && !action.SafeToRepeat)
            return new WeChatReply.Text(Say.Busy);
        WeChatReply reply;
        try
        {
            reply = await action.HandleAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "WeChat action for {Route} failed", RouteLabel.Of(route));
            WeChatLibMetrics.ActionRan(RouteLabel.Of(route), succeeded: false);
            return new WeChatReply.Text(Say.Busy);
        }
        WeChatLibMetrics.ActionRan(RouteLabel.Of(route), succeeded: true);
        if (reply is WeChatReply.Text text)
        {
            var (now, later) = ReplyLength.Fit(text.Content);
            if (later is not null)
                await KeepRemainderAsync(message.FromUserName, later);
            return new WeChatReply.Text(now);
        }
        return reply;
    }

    // Without Redis the rest of a long answer cannot be kept: the reader still gets its first part.
    private async Task KeepRemainderAsync(string openId, string later)
    {
        try
        {
            await sessions.SetAsync(openId, MoreAction.Remainder, later);
        }
        catch (Exception e) when (RedisOutage.Is(e))
        {
            logger.LogWarning("The rest of a long WeChat answer was not kept: Redis is unavailable ({Error})", e.GetType().Name);
        }
    }
}
