using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Holds;

/// <summary>What each hold refusal means to a reader, in a short plain sentence: Chinese by default, English if preferred.</summary>
public static class HoldRefusalText
{
    public static string For(HoldRefusal reason, Language language) => reason switch
    {
        HoldRefusal.NoSuchTitle => In(language, "没有找到这本书", "no such title"),
        HoldRefusal.NotHoldable => In(language, "此书暂无可外借的馆藏，不能预约", "no copy of this title circulates, so it cannot be held"),
        HoldRefusal.CopyAvailable r => In(language,
            $"此书在架可借（{string.Join("、", r.Branches.Select(b => b.Name))}），请直接到馆借阅",
            $"a copy is on the shelf ({string.Join(", ", r.Branches.Select(b => b.NameEn))}); you can borrow it now"),
        HoldRefusal.NotLoanableToReader => In(language, "此书不对您所在的读者类型外借", "this title is not lent to readers of your type"),
        HoldRefusal.AlreadyOnLoan => In(language, "您已借有此书，不需要预约", "you have this title on loan already"),
        HoldRefusal.AlreadyHeld => In(language, "您已预约此书", "you have already placed a hold on this title"),
        HoldRefusal.TooManyHolds { Max: 0 } => In(language, "您所在的读者类型不能预约", "readers of your type cannot place holds"),
        HoldRefusal.TooManyHolds r => In(language,
            $"您已有{r.Open}个预约，达到上限{r.Max}个",
            $"you have {r.Open} holds, the limit is {r.Max}"),
        HoldRefusal.UnknownPickupBranch r => In(language, $"没有代码为“{r.Branch}”的取书馆", $"there is no pickup branch '{r.Branch}'"),
        HoldRefusal.NotNeededAfterPast r => In(language,
            $"截止日期{Date(r.Date, language)}已过",
            $"the date {Date(r.Date, language)} has passed"),
        HoldRefusal.PatronRestricted r => In(language, $"借书证已被限制使用：{r.Reason}", $"your card is restricted: {r.Reason}"),
        HoldRefusal.PatronExpired => In(language, "借书证已过期，请到服务台办理", "your library card has expired; please visit the service desk"),
        _ => reason.Code,
    };

    private static string In(Language language, string zh, string en) => language == Language.En ? en : zh;

    private static string Date(DateOnly date, Language language) =>
        language == Language.En
            ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : $"{date.Month}月{date.Day}日";
}
