using WeChatLib.Api.Binding;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>The library card bound to the openid a message came from, if any.</summary>
public sealed class BoundReader(IBindingStore bindings, IPatronStore patrons, BindingLinks links)
{
    public async Task<Patron?> FindAsync(string openId, CancellationToken cancellationToken) =>
        await bindings.FindByOpenIdAsync(openId, cancellationToken) is { } binding
            ? await patrons.FindAsync(binding.PatronId, cancellationToken)
            : null;

    /// <summary>The reply for a reader who must bind first: the binding link, which carries no openid.</summary>
    public WeChatReply BindFirst() => new WeChatReply.Text(Say.BindFirst(links.ForChat()));
}
