namespace WeChatLib.Infrastructure.Redis;

/// <summary>The <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Prepended to every key, so that several deployments (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "wechatlib:";
}
