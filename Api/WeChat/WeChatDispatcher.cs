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

    public async Task<WeChatReply> ReplyAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var route = MessageRouter.RouteKey(message);
        WeChatReply reply;
        try
        {
            reply = await router.Resolve(message, route).HandleAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "WeChat action for {Route} failed", route);
            WeChatLibMetrics.ActionRan(RouteLabel.Of(route), succeeded: false);
            return new WeChatReply.Text(Say.Busy);
        }
        WeChatLibMetrics.ActionRan(RouteLabel.Of(route), succeeded: true);
        if (reply is WeChatReply.Text text)
        {
            var (now, later) = ReplyLength.Fit(text.Content);
            if (later is not null)
                await sessions.SetAsync(message.FromUserName, MoreAction.Remainder, later);
            return new WeChatReply.Text(now);
        }
        return reply;
    }
}
