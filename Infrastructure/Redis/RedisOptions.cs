namespace WeChatLib.Infrastructure.Redis;

/// <summary>The <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Prepended to every key, so that several deployments (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "wechatlib:";

    /// <summary>How long one attempt to (re)connect may take; reconnecting goes on in the background during an outage.</summary>
    public int ConnectTimeoutMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How long one command may wait for its answer. Short, because a webhook must answer WeChat within five seconds
    /// whether or not Redis does.
    /// </summary>
    public int OperationTimeoutMilliseconds { get; set; } = 1000;
}
