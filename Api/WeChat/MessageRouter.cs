using WeChatLib.Api.WeChat.Actions;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>Finds the action for a message by its route key; what is not in the table gets help (messages) or nothing (events).</summary>
public sealed class MessageRouter(IServiceProvider services)
{
    private static readonly HashSet<string> ReaderMessageTypes = ["text", "image", "voice", "video", "shortvideo", "location", "link"];

    /// <summary>Unrouted reader messages get help; unrouted events and unknown types get nothing ("success").</summary>
    public IWeChatAction Resolve(WeChatMessage message, string routeKey) =>
        (IWeChatAction)services.GetRequiredService(WeChatActions.Find(routeKey)
            ?? (ReaderMessageTypes.Contains(message.MsgType) ? typeof(HelpAction) : typeof(NothingAction)));

    public static string RouteKey(WeChatMessage message) => message.IsEvent
        ? message.Event switch
        {
            "click" => $"click:{message.EventKey}",
            "scancode_push" or "scancode_waitmsg" => $"scan:{message.EventKey}",
            _ => $"event:{message.Event}",
        }
        : message.MsgType == "text" ? $"text:{message.Content.Trim().ToLowerInvariant()}" : $"message:{message.MsgType}";

}
