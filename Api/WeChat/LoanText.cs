using System.Globalization;
using System.Text;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Api.WeChat;

/// <summary>How loans and renewals read in the chat: short enough that a typical reader's loans fit one reply.</summary>
public static class LoanText
{
    /// <summary>Titles longer than this end in “…”: a list of loans is for recognising books, not cataloguing them.</summary>
    public const int TitleLength = 24;

    public static string Title(string title)
    {
        var elements = StringInfo.ParseCombiningCharacters(title);
        return elements.Length <= TitleLength ? $"《{title}》" : $"《{title[..elements[TitleLength - 1]]}…》";
    }

    public static string Date(DateOnly date, Language language) =>
        Say.In(language, $"{date.Month}月{date.Day}日", date.ToString("d MMM", CultureInfo.InvariantCulture));

    public static string DaysLeft(int daysLeft, Language language) => daysLeft switch
    {
        < 0 => Say.In(language, $"已超期 {-daysLeft} 天", $"{-daysLeft} days overdue"),
        0 => Say.In(language, "今天到期", "due today"),
        _ => Say.In(language, $"还剩 {daysLeft} 天", $"{daysLeft} days left"),
    };

    /// <summary>Whether a refusal is about the reader's card rather than the loan: said once, at the top, not on every loan.</summary>
    public static bool AboutTheCard(RenewalRefusal reason) => reason is RenewalRefusal.PatronRestricted or RenewalRefusal.PatronExpired;

    /// <summary>Every reason, in the reader's words.</summary>
    public static string Reasons(IReadOnlyCollection<RenewalRefusal> reasons, Language language) =>
        string.Join(Say.In(language, "；", "; "), reasons.Select(r => RenewalRefusalText.For(r, language)));

    /// <summary>Why a reader cannot renew at all: their card's restriction and its reason, or its expiry.</summary>
    public static string? CardLine(RenewalRefusal reason, Language language) => reason switch
    {
        RenewalRefusal.PatronRestricted r => Say.In(language,
            $"您的借书证已被限制使用（{r.Reason}），暂不能续借。",
            $"Your library card is restricted ({r.Reason}), so you cannot renew for now."),
        RenewalRefusal.PatronExpired e => Say.In(language,
            $"您的借书证已于 {e.ExpiredOn.Year}年{e.ExpiredOn.Month}月{e.ExpiredOn.Day}日过期，不能续借，请到服务台办理。",
            $"Your library card expired on {e.ExpiredOn.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}, so you cannot renew; please visit the service desk."),
        _ => null,
    };

    /// <summary>Appends a line, after a blank one when it starts a new entry (so that a long reply is paged between entries).</summary>
    public static StringBuilder Line(this StringBuilder text, string line, bool newEntry = false)
    {
        if (text.Length > 0)
            text.Append(newEntry ? "\n\n" : "\n");
        return text.Append(line);
    }
}
