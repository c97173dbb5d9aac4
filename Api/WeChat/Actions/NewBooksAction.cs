using System.Text;
using WeChatLib.Api.Binding;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.NewArrivals;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// NEW_BOOKS / “新书”: the latest arrivals as a news reply, those matching the reader's subscriptions first. WeChat shows
/// up to eight articles after a menu click but only one after a typed message: that one lists the titles itself.
/// Anyone may look; a bound reader's subscriptions choose the order.
/// </summary>
public sealed class NewBooksAction(ListNewArrivals arrivals, BoundReader reader, BindingLinks links) : IWeChatAction
{
    public const string PagePath = "/h5/new-books";

    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var patron = await reader.FindAsync(message.FromUserName, cancellationToken);
        var lang = patron?.PreferredLanguage ?? Domain.Readers.Language.Zh;
        var titles = await arrivals.HandleAsync(patron?.Id, ListNewArrivals.MaxTitles, cancellationToken);
        if (titles.Count == 0)
            return new WeChatReply.Text(Say.In(lang, "最近 30 天没有新书到馆。", "No new titles arrived in the last 30 days."));

        var page = links.Url(PagePath);
        if (!message.IsEvent)
        {
            var list = new StringBuilder();
            foreach (var title in titles)
                list.Line($"{LoanText.Title(title.Title)}{(title.Matches ? " ★" : "")}");
            return new WeChatReply.News([new NewsArticle(
                Say.In(lang, $"新书通报：最近到馆 {titles.Count} 种", $"New arrivals: {titles.Count} recent titles"), list.ToString().TrimEnd(), page)]);
        }
        return new WeChatReply.News([.. titles.Select(t => new NewsArticle(
            LoanText.Title(t.Title) + (t.Author == "" ? "" : " " + t.Author),
            Describe(t, lang),
            $"{page}?title={t.TitleId}"))]);
    }

    private static string Describe(NewArrival title, Domain.Readers.Language lang)
    {
        var when = IsoDate.Format(title.AccessionedOn);
        var subject = ClcMainClasses.Of(title.ClcClass) is { } main ? Say.In(lang, main.Name, main.NameEn) + " · " : "";
        return subject + Say.In(lang, $"{when} 到馆", $"arrived {when}") + (title.Matches ? Say.In(lang, " · 符合您的订阅", " · matches your subscriptions") : "");
    }
}
