using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>
/// The two token endpoints: <c>/cgi-bin/stable_token</c> (preferred: it returns the same token while valid and does
/// not invalidate other callers' tokens) and the classic <c>/cgi-bin/token</c> as a fallback.
/// </summary>
public sealed class WeChatTokenEndpoints(HttpClient http, IOptions<WeChatOptions> options, TimeProvider time)
{
    private WeChatOptions WeChat => options.Value;

    public async Task<WeChatResult<AccessToken>> StableTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var body = new { grant_type = "client_credential", appid = WeChat.AppId, secret = WeChat.AppSecret, force_refresh = forceRefresh };
        return await ReadAsync(() => http.PostAsJsonAsync(Url("/cgi-bin/stable_token"), body, WeChatJson.Options, cancellationToken), cancellationToken);
    }

    public Task<WeChatResult<AccessToken>> ClassicTokenAsync(CancellationToken cancellationToken) =>
        ReadAsync(() => http.GetAsync(Url(
            $"/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(WeChat.AppId)}&secret={Uri.EscapeDataString(WeChat.AppSecret)}"),
            cancellationToken), cancellationToken);

    private async Task<WeChatResult<AccessToken>> ReadAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            if (!response.IsSuccessStatusCode)
                return WeChatResult<AccessToken>.Failed(WeChatOutcome.Transient, new WeChatError(WeChatError.Unreachable, $"HTTP {(int)response.StatusCode}"));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            if (root.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value)
            {
                var seconds = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var s) ? s : 7200;
                return WeChatResult<AccessToken>.Ok(new AccessToken(value, time.GetUtcNow().AddSeconds(seconds)));
            }
            return WeChatResult<AccessToken>.Failed(WeChatError.From(root));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The URL of the classic endpoint carries the AppSecret: never log or return the request.
            return WeChatResult<AccessToken>.Failed(WeChatOutcome.Transient, new WeChatError(WeChatError.Unreachable, e.GetType().Name));
        }
    }

    private Uri Url(string pathAndQuery) => new(WeChat.ApiBaseUrl.TrimEnd('/') + pathAndQuery);
}
