using WeChatLib.Domain.Audit;
using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.Redis;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“确认解绑”: unbinds, if the reader asked to within the last ten minutes.</summary>
public sealed class ConfirmUnbindAction(BoundReader reader, ReaderSessions sessions, UnbindReader unbind) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var asked = await sessions.TakeAsync(message.FromUserName, UnbindAction.PendingStep);
        var patron = await reader.FindAsync(message.FromUserName, cancellationToken);
        if (asked is null || patron is null || patron.CardNumber != asked)
            return new WeChatReply.Text("没有待确认的解绑。如需解绑，请先回复“解绑”。\nNothing to confirm: reply unbind first.");
        await unbind.HandleAsync(patron, AuditEntry.Patron(patron.Id), message.FromUserName, cancellationToken);
        return new WeChatReply.Text(Say.In(patron.PreferredLanguage,
            $"已解除借书证 {patron.MaskedCardNumber} 的绑定。", $"Card {patron.MaskedCardNumber} is no longer bound to this WeChat account."));
    }
}
