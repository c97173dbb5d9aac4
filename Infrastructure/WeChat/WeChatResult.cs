namespace WeChatLib.Infrastructure.WeChat;

/// <summary>How a call to WeChat's server API ended, as callers must treat it.</summary>
public enum WeChatOutcome
{
    Success,
    /// <summary>Worth trying again later: system busy (-1), too frequent (45011), 5xx, not reachable.</summary>
    Transient,
    /// <summary>Trying again cannot help: not following (43004), bad openid (40003), bad template (40037), …</summary>
    Permanent,
    /// <summary>The daily quota (45009) is spent: nothing more until it resets.</summary>
    QuotaExhausted,
    /// <summary>
    /// The request may have reached WeChat (a timeout after sending, or a 5xx to a gated send): it may or may not have
    /// been accepted.
    /// </summary>
    Unknown,
    /// <summary>Not sent: the caller's <see cref="IRequestGate"/> withheld the request before it left.</summary>
    Withheld,
}

/// <summary>A call's value or its <c>errcode</c>/<c>errmsg</c>; the client never throws WeChat's JSON at callers.</summary>
public sealed record WeChatResult<T>(WeChatOutcome Outcome, T? Value, WeChatError? Error)
{
    public bool Succeeded => Outcome == WeChatOutcome.Success;

    public static WeChatResult<T> Ok(T value) => new(WeChatOutcome.Success, value, null);

    public static WeChatResult<T> Failed(WeChatError error) => new(WeChatError.Classify(error.Code), default, error);

    public static WeChatResult<T> Failed(WeChatOutcome outcome, WeChatError error) => new(outcome, default, error);

    public WeChatResult<TOther> As<TOther>() => new(Outcome, default, Error);
}
