using WeChatLib.Api.WeChat.Actions;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// Runs the routed action for a message, never letting a failure reach WeChat: a limit or an error becomes a polite
/// text. Long texts are fitted to WeChat's limit with the rest kept for “更多”.
/// </summary>
public sealed class WeChatDispatcher(MessageRouter router, ReaderMessageLimit limit, ReaderSessions sessions, ILogger<WeChatDispatcher> logger)
{
    public async Task<WeChatReply> ReplyAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (!message.IsEvent || message.Event is "click" or "scancode_push" or "scancode_waitmsg")
        {
            if (!await limit.TryAcquireAsync(message.FromUserName))
                return new WeChatReply.Text(Say.TooFast);
        }
        WeChatReply reply;
        try
        {
            reply = await router.Resolve(message).HandleAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "WeChat action for {Route} failed", MessageRouter.RouteKey(message));
            return new WeChatReply.Text(Say.Busy);
        }
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
