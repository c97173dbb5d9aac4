using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Tests.WeChat;

/// <summary>The passive news (图文) reply: its XML, and WeChat's limits of eight articles after an event and one after a typed message.</summary>
internal sealed class NewsReplyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_640_000);

    private static WeChatMessage Click => new(new Dictionary<string, string>
    {
        ["ToUserName"] = "gh_account", ["FromUserName"] = "oReader", ["MsgType"] = "event", ["Event"] = "CLICK", ["EventKey"] = "NEW_BOOKS",
    });

    private static WeChatMessage Typed => new(new Dictionary<string, string>
    {
        ["ToUserName"] = "gh_account", ["FromUserName"] = "oReader", ["MsgType"] = "text", ["Content"] = "新书",
    });

    private static IReadOnlyList<NewsArticle> Articles(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new NewsArticle($"《书{i}》", $"第 {i} 本", $"https://lib.example.edu.cn/h5/new-books?title={i}"))];

    [Test]
    public void A_news_reply_is_addressed_back_and_carries_each_article_s_fields()
    {
        var xml = WeChatXml.News(Click, [new NewsArticle("《三体》]]> & <b>", "刘慈欣", "https://lib.example.edu.cn/h5/new-books?title=1&x=2", "https://img/1.png")], Now);
        var fields = WeChatXml.Parse(xml)!;

        fields["ToUserName"].ShouldBe("oReader");
        fields["FromUserName"].ShouldBe("gh_account");
        fields["CreateTime"].ShouldBe("1764640000");
        fields["MsgType"].ShouldBe("news");
        fields["ArticleCount"].ShouldBe("1");
        fields["Articles/item/Title"].ShouldBe("《三体》]]> & <b>");
        fields["Articles/item/Description"].ShouldBe("刘慈欣");
        fields["Articles/item/PicUrl"].ShouldBe("https://img/1.png");
        fields["Articles/item/Url"].ShouldBe("https://lib.example.edu.cn/h5/new-books?title=1&x=2");
    }

    [Test]
    public void After_a_menu_click_at_most_eight_articles_go_in_the_order_given()
    {
        var xml = WeChatXml.News(Click, Articles(10), Now);

        WeChatXml.Parse(xml)!["ArticleCount"].ShouldBe("8");
        CountOf(xml, "<item>").ShouldBe(8);
        xml.ShouldContain("《书1》");
        xml.ShouldContain("《书8》");
        xml.ShouldNotContain("《书9》");
        xml.IndexOf("《书1》", StringComparison.Ordinal).ShouldBeLessThan(xml.IndexOf("《书2》", StringComparison.Ordinal));
    }

    [Test]
    public void After_a_typed_message_only_the_first_article_goes()
    {
        var xml = WeChatXml.News(Typed, Articles(3), Now);

        WeChatXml.Parse(xml)!["ArticleCount"].ShouldBe("1");
        CountOf(xml, "<item>").ShouldBe(1);
        xml.ShouldContain("《书1》");
        xml.ShouldNotContain("《书2》");
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
