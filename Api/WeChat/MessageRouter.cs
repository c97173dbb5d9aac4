using System.Text;
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

    /// <summary>The route of a bare number (“2”, “２”): a reply to the list the reader was shown last.</summary>
    public const string BareNumber = "text:#";

    public static string RouteKey(WeChatMessage message) => message.IsEvent
        ? message.Event switch
        {
            "click" => $"click:{message.EventKey}",
            "scancode_push" or "scancode_waitmsg" => $"scan:{message.EventKey}",
            _ => $"event:{message.Event}",
        }
        : message.MsgType != "text" ? $"message:{message.MsgType}"
        : IsBareNumber(message.Content) ? BareNumber
        : $"text:{message.Content.Trim().ToLowerInvariant()}";

    private static bool IsBareNumber(string content)
    {
        var text = content.Trim();
        return text.Length is > 0 and <= 2 && text.Normalize(NormalizationForm.FormKC) is var plain && plain.All(char.IsAsciiDigit);
    }

}
