using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat;

/// <summary>What an action answers: a text, news articles, or nothing (WeChat is told "success").</summary>
public abstract record WeChatReply
{
    private WeChatReply()
    {
    }

    public static readonly WeChatReply Nothing = new None();

    public sealed record Text(string Content) : WeChatReply;

    public sealed record News(IReadOnlyList<NewsArticle> Articles) : WeChatReply;

    public sealed record None : WeChatReply;
}
