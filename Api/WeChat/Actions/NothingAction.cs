using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>Events that need no answer (VIEW, LOCATION, MASSSENDJOBFINISH, unknown events): WeChat gets "success".</summary>
public sealed class NothingAction : IWeChatAction
{
    // Does nothing.
    public bool SafeToRepeat => true;

    public Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) => Task.FromResult(WeChatReply.Nothing);
}
