using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>One thing a reader can ask of the account: a menu key, a scan, a keyword. Registered in <see cref="WeChatActions"/>.</summary>
public interface IWeChatAction
{
    Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// True when running twice for one message does no harm: the action only reads, or records the same fact again.
    /// Only such actions run while Redis, and with it the dedupe record, is away; the others ask the reader to retry.
    /// </summary>
    bool SafeToRepeat => false;
}
