using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>unsubscribe: records that the reader left; nothing can be said to them any more.</summary>
public sealed class UnsubscribeAction(FollowerStore followers) : IWeChatAction
{
    // The same event records the same departure again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        await followers.UnsubscribedAsync(message.FromUserName, DateTimeOffset.FromUnixTimeSeconds(message.CreateTime), cancellationToken);
        return WeChatReply.Nothing;
    }
}
