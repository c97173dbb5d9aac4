using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“更多” / more: the rest of a reply that did not fit in one message.</summary>
public sealed class MoreAction(ReaderSessions sessions) : IWeChatAction
{
    public const string Remainder = "more";

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await sessions.TakeAsync(message.FromUserName, Remainder) is { Length: > 0 } rest
            ? new WeChatReply.Text(rest)
            : new WeChatReply.Text("没有更多内容了。\nThat was everything.");
}
