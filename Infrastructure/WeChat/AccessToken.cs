namespace WeChatLib.Infrastructure.WeChat;

/// <summary>An access token and when it stops working.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public TimeSpan RemainingAt(DateTimeOffset now) => ExpiresAt - now;
}
