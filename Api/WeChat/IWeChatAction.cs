using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>One thing a reader can ask of the account: a menu key, a scan, a keyword. Registered in <see cref="WeChatActions"/>.</summary>
public interface IWeChatAction
{
    Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken);
}
