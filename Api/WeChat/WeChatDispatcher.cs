using System.Diagnostics.Metrics;
using WeChatLib.Api.WeChat.Actions;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>
/// Runs the routed action for a message, never letting a failure reach WeChat: an error becomes a polite text. Long
/// texts are fitted to WeChat's limit with the rest kept for “更多”.
/// </summary>
public sealed class WeChatDispatcher(MessageRouter router, ReaderSessions sessions, ILogger<WeChatDispatcher> logger)
{
    public const string MeterName = "WeChatLib.WeChat";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Handled = Meter.CreateCounter<long>("wechat.messages.handled", description: "Messages whose action ran");

    /// <summary>Messages a reader sends of their own accord, which count against their per-minute limit.</summary>
    public static bool IsFromReader(WeChatMessage message) =>
        !message.IsEvent || message.Event is "click" or "scancode_push" or "scancode_waitmsg";

    public async Task<WeChatReply> ReplyAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var route = MessageRouter.RouteKey(message);
        Handled.Add(1, new KeyValuePair<string, object?>("route", route[..route.IndexOf(':', StringComparison.Ordinal)]));
        WeChatReply reply;
        try
        {
            reply = await router.Resolve(message, route).HandleAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "WeChat action for {Route} failed", MessageRouter.ForLogs(route));
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
