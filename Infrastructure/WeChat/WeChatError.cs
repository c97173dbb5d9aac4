using System.Text.Json;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>An <c>errcode</c>/<c>errmsg</c> pair from WeChat's server API.</summary>
public sealed record WeChatError(int Code, string Message)
{
    public const int InvalidCode = 40029;
    public const int CodeBeenUsed = 40163;

    public static WeChatError From(JsonElement root) => new(
        root.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : -1,
        root.TryGetProperty("errmsg", out var message) ? message.GetString() ?? "" : "");
}
