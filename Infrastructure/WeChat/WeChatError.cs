using System.Text.Json;

namespace WeChatLib.Infrastructure.WeChat;

/// <summary>An <c>errcode</c>/<c>errmsg</c> pair from WeChat's server API.</summary>
public sealed record WeChatError(int Code, string Message)
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAppId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int InvalidCode = 40029;
    public const int InvalidTemplateId = 40037;
    public const int InvalidAppSecret = 40125;
    public const int CodeBeenUsed = 40163;
    public const int IpNotWhitelisted = 40164;
    public const int AccessTokenExpired = 42001;
    public const int NotFollowing = 43004;
    public const int DailyQuotaReached = 45009;
    public const int TooFrequent = 45011;
    public const int OutsideReplyWindow = 45015;

    /// <summary>Our own code for a request that could not be completed (not from WeChat).</summary>
    public const int Unreachable = -2;

    /// <summary>Our own code for a request the caller withheld (not from WeChat).</summary>
    public const int Withheld = -3;

    public static WeChatError From(JsonElement root) => new(
        root.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : SystemBusy,
        root.TryGetProperty("errmsg", out var message) ? message.GetString() ?? "" : "");

    /// <summary>The token was refused: expire it (if it is still the stored one), fetch another, retry once.</summary>
    public static bool IsTokenRejected(int code) => code is InvalidCredential or InvalidAccessToken or AccessTokenExpired;

    public static WeChatOutcome Classify(int code) => code switch
    {
        0 => WeChatOutcome.Success,
        SystemBusy or TooFrequent or Unreachable => WeChatOutcome.Transient,
        DailyQuotaReached => WeChatOutcome.QuotaExhausted,
        _ when IsTokenRejected(code) => WeChatOutcome.Transient,
        _ => WeChatOutcome.Permanent,
    };
}
