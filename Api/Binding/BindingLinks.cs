using Microsoft.Extensions.Options;
using WeChatLib.Api.Hosting;
using WeChatLib.Infrastructure.WeChat;

namespace WeChatLib.Api.Binding;

/// <summary>
/// The link a reader follows to bind their card: WeChat's OAuth authorize URL itself, carrying no openid and no
/// ticket, so that whoever opens a forwarded copy learns only their own openid.
/// </summary>
public sealed class BindingLinks(WeChatOAuthClient oauth, IOptions<PublicUrlOptions> publicUrl)
{
    public const string CallbackPath = "/bind/wechat";

    public string Callback => publicUrl.Value.PublicBaseUrl.TrimEnd('/') + CallbackPath;

    /// <summary>The link sent in chat and menus. Its state is not trusted: the callback checks the browser first.</summary>
    public string ForChat() => oauth.AuthorizeUrl(Callback, "chat");

    /// <summary>The authorize URL for a second round, after the callback has set its state cookie.</summary>
    public string SecondRound(string state) => oauth.AuthorizeUrl(Callback + "?round=2", state);

    public string Url(string path) => publicUrl.Value.PublicBaseUrl.TrimEnd('/') + path;

    public bool IsHttps => publicUrl.Value.PublicBaseUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
}
