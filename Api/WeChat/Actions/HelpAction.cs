using WeChatLib.Domain.Readers;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>HELP / “帮助”, and the answer to anything the account does not understand.</summary>
public sealed class HelpAction(BoundReader reader) : IWeChatAction
{
    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var language = (await reader.FindAsync(message.FromUserName, cancellationToken))?.PreferredLanguage ?? Language.Zh;
        return new WeChatReply.Text(Say.Help(language));
    }
}
