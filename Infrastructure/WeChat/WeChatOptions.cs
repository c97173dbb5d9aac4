namespace WeChatLib.Infrastructure.WeChat;

/// <summary>The <c>WeChat</c> section: the service account's credentials and its server settings.</summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>The Token from the account's server settings, which signs every callback.</summary>
    public string Token { get; set; } = "";

    /// <summary>43 letters or digits; base64 of the AES-256 key with its trailing '=' dropped.</summary>
    public string EncodingAesKey { get; set; } = "";

    /// <summary><c>plain</c>, <c>compatible</c> or <c>safe</c>, as set on the account.</summary>
    public string MessageMode { get; set; } = "safe";

    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>How long a webhook may work before it answers "success" and replies later: WeChat gives up at 5 s.</summary>
    public int ReplyBudgetMilliseconds { get; set; } = 3500;

    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    public string OAuthBaseUrl { get; set; } = "https://open.weixin.qq.com";

    /// <summary>When WeChat's daily API quotas reset, Beijing time (<c>HH:mm</c>); sending pauses until then after 45009.</summary>
    public string QuotaResetTime { get; set; } = "00:00";

    public WeChatMessageMode Mode => Enum.Parse<WeChatMessageMode>(MessageMode, ignoreCase: true);
}
