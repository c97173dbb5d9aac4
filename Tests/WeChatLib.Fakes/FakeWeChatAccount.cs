namespace WeChatLib.Fakes;

/// <summary>The credentials the fake WeChat API accepts.</summary>
public sealed record FakeWeChatAccount(string AppId, string AppSecret)
{
    /// <summary>Matches <c>Api/appsettings.Development.json</c>.</summary>
    public static FakeWeChatAccount Development { get; } = new("wxd0e0000000000001", "development-secret-of-the-fake-wechat-api");
}
