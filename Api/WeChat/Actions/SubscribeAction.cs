using WeChatLib.Infrastructure.Persistence;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>subscribe: remembers the follower (and the QR scene it came from) and welcomes them.</summary>
public sealed class SubscribeAction(FollowerStore followers, BoundReader reader) : IWeChatAction
{
    // The same event records the same follower again.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var scene = message.EventKey.StartsWith("qrscene_", StringComparison.Ordinal) ? message.EventKey["qrscene_".Length..] : "";
        await followers.SubscribedAsync(message.FromUserName, DateTimeOffset.FromUnixTimeSeconds(message.CreateTime), scene, cancellationToken);
        var welcome = "欢迎关注图书馆！\nWelcome to the library!\n";
        return await reader.FindAsync(message.FromUserName, cancellationToken) is null
            ? new WeChatReply.Text(welcome + ((WeChatReply.Text)reader.BindFirst()).Content)
            : new WeChatReply.Text(welcome + "回复“帮助”查看可用功能。Reply help to see what you can do.");
    }
}
