using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“解绑” / unbind: asks for confirmation first; the next “确认解绑” does it.</summary>
public sealed class UnbindAction(BoundReader reader, ReaderSessions sessions) : IWeChatAction
{
    public const string PendingStep = "confirm-unbind";

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(message.FromUserName, cancellationToken) is not { } patron)
            return new WeChatReply.Text("您的微信尚未绑定借书证。\nThis WeChat account is not bound to a library card.");
        await sessions.SetAsync(message.FromUserName, PendingStep, patron.CardNumber);
        return new WeChatReply.Text(Say.In(patron.PreferredLanguage,
            $"确定要解除借书证 {patron.MaskedCardNumber} 的绑定吗？10 分钟内回复“确认解绑”完成。",
            $"Unbind card {patron.MaskedCardNumber}? Reply 确认解绑 (confirm unbind) within 10 minutes."));
    }
}
