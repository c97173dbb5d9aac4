using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>BIND / “绑定”: the binding link, or the card already bound.</summary>
public sealed class BindAction(BoundReader reader) : IWeChatAction
{
    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await reader.FindAsync(message.FromUserName, cancellationToken) is { } patron
            ? new WeChatReply.Text(Say.In(patron.PreferredLanguage,
                $"您的微信已绑定借书证 {patron.MaskedCardNumber}。如需更换，请先回复“解绑”。",
                $"This WeChat account is bound to card {patron.MaskedCardNumber}. Reply unbind to change it."))
            : reader.BindFirst();
}
