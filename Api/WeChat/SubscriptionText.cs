using WeChatLib.Domain.NewArrivals;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.WeChat;

/// <summary>How the chat names subscriptions, and reads them from “TP” or “关键词 机器学习”.</summary>
public static class SubscriptionText
{
    public const string HintZh = "回复“订阅 TP”按中图法分类订阅（如 TP 计算机、K 历史），“订阅 关键词 机器学习”按关键词订阅，“退订 TP”退订。每周一推送相关新书。";

    public const string HintEn = "Reply subscribe TP to follow a CLC class (TP computing, K history), subscribe keyword machine learning for a keyword, unsubscribe TP to stop. New titles come weekly.";

    private static readonly string[] KeywordWords = ["关键词", "关键字", "keyword"];

    /// <summary>A class when the text is one (TP, k, I247), a keyword when it says so or is anything else; null when empty.</summary>
    public static Subscription? Parse(string text)
    {
        var keyword = KeywordWords.FirstOrDefault(k => text.StartsWith(k, StringComparison.OrdinalIgnoreCase));
        if (keyword is not null)
            return Subscription.Keyword(text[keyword.Length..].TrimStart(':', '：', ' '));
        return Subscription.Class(text) ?? Subscription.Keyword(text);
    }

    public static string Name(Subscription subscription, Language language) => subscription.Kind switch
    {
        SubscriptionKind.Class when ClcMainClasses.Of(subscription.Value) is { } main => Say.In(language,
            $"“{subscription.Value} {main.Name}”", $"“{subscription.Value} {main.NameEn}”"),
        _ => Say.In(language, $"关键词“{subscription.Value}”", $"keyword “{subscription.Value}”"),
    };
}
