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

    /// <summary>The H5 page the campus login returns to, with the ticket for <c>POST /api/v1/auth/bind</c>.</summary>
    public const string H5CampusReturnPath = "/h5/bind";

    public string Url(string path) => publicUrl.Value.PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>
    /// The CAS service URL of the binding pages. Built here, never taken from a client: a campus ticket validates only
    /// for the service it was issued to, so a ticket issued to any other campus service (relayed) is refused. The
    /// binding ticket's CSRF token rides in it, so a ticket from someone else's login is refused too.
    /// </summary>
    public string CampusServiceForPages(string csrf) => Url($"{BindingPages.Path}/cas?s={Uri.EscapeDataString(csrf)}");

    /// <summary>The CAS service URL of the H5 pages' binding (<c>POST /api/v1/auth/bind</c>), built the same way.</summary>
    public string CampusServiceForH5(string csrf) => Url($"{H5CampusReturnPath}?s={Uri.EscapeDataString(csrf)}");

    public bool IsHttps => publicUrl.Value.PublicBaseUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
}
