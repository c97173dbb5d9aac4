using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// A menu item whose feature is still being built (new books): the binding check and the
/// reply are real, and the answer says honestly that the feature is coming.
/// </summary>
public sealed class ComingSoonAction(BoundReader reader) : IWeChatAction
{
    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await reader.FindAsync(message.FromUserName, cancellationToken) is { } patron
            ? new WeChatReply.Text(Say.In(patron.PreferredLanguage,
                "该功能即将上线，敬请期待。现在可以回复“借阅”查看在借图书。",
                "This is coming soon. Meanwhile, reply loans to see your current loans."))
            : reader.BindFirst();
}
