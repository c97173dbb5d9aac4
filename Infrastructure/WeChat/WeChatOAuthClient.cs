using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// WeChat OAuth2 web authorization (网页授权) with <c>snsapi_base</c>: a silent redirect that tells us the reader's
/// openid. The code exchange needs the AppSecret but no access token.
/// </summary>
public sealed class WeChatOAuthClient(HttpClient http, IOptions<WeChatOptions> options, ILogger<WeChatOAuthClient> logger)
{
    private WeChatOptions WeChat => options.Value;

    /// <summary>The authorize URL; WeChat sends the reader's browser to <paramref name="redirectUri"/> with <c>code</c> and <c>state</c>.</summary>
    public string AuthorizeUrl(string redirectUri, string state) =>
        $"{WeChat.OAuthBaseUrl.TrimEnd('/')}/connect/oauth2/authorize?appid={Uri.EscapeDataString(WeChat.AppId)}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope=snsapi_base" +
        $"&state={Uri.EscapeDataString(state)}#wechat_redirect";

    /// <summary>Exchanges a one-time code for the openid. Codes live 5 minutes and work once.</summary>
    public async Task<OAuthCodeResult> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        var url = $"{WeChat.ApiBaseUrl.TrimEnd('/')}/sns/oauth2/access_token?appid={Uri.EscapeDataString(WeChat.AppId)}" +
            $"&secret={Uri.EscapeDataString(WeChat.AppSecret)}&code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        try
        {
            using var response = await http.GetAsync(new Uri(url), cancellationToken);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            if (root.TryGetProperty("openid", out var openId) && openId.GetString() is { Length: > 0 } value)
                return new OAuthCodeResult.Success(value);
            var error = WeChatError.From(root);
            return error.Code switch
            {
                WeChatError.InvalidCode => new OAuthCodeResult.InvalidCode(),
                WeChatError.CodeBeenUsed => new OAuthCodeResult.CodeUsed(),
                _ => new OAuthCodeResult.Failed(error),
            };
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            // The URL carries the AppSecret: log the exception type only, never the request.
            logger.LogWarning("WeChat OAuth code exchange failed: {Error}", e.GetType().Name);
            return new OAuthCodeResult.Failed(new WeChatError(-1, "unreachable"));
        }
    }
}

public abstract record OAuthCodeResult
{
    private OAuthCodeResult()
    {
    }

    public sealed record Success(string OpenId) : OAuthCodeResult;

    /// <summary>40029: the code is unknown or expired.</summary>
    public sealed record InvalidCode : OAuthCodeResult;

    /// <summary>40163: the code was already exchanged (a reload, or someone else's copy of the link).</summary>
    public sealed record CodeUsed : OAuthCodeResult;

    public sealed record Failed(WeChatError Error) : OAuthCodeResult;
}
