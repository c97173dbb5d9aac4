using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Loans;

/// <summary>What each refusal means to a reader, in a short plain sentence: Chinese by default, English if preferred.</summary>
public static class RenewalRefusalText
{
    public static string For(RenewalRefusal reason, Language language) => reason switch
    {
        RenewalRefusal.TooMany r => In(language,
            $"已续借{r.Used}次，达到上限{r.Max}次",
            $"renewed {r.Used} times, the limit is {r.Max}"),
        RenewalRefusal.TooSoon r => In(language,
            $"还未到续借时间，{Date(r.FirstAllowed, language)}起可续借",
            $"too early to renew; you can renew from {Date(r.FirstAllowed, language)}"),
        RenewalRefusal.OnHold => In(language,
            "已有其他读者预约此书",
            "another reader is waiting for this title"),
        RenewalRefusal.Recalled => In(language,
            "此书已被图书馆召回，请按时归还",
            "the library has recalled this item; please return it"),
        RenewalRefusal.PatronRestricted r => In(language,
            $"借书证已被限制使用：{r.Reason}",
            $"your card is restricted: {r.Reason}"),
        RenewalRefusal.PatronExpired => In(language,
            "借书证已过期，请到服务台办理",
            "your library card has expired; please visit the service desk"),
        RenewalRefusal.OverdueNotRenewable => In(language,
            "已超期，不能续借，请尽快归还",
            "overdue items cannot be renewed; please return it soon"),
        RenewalRefusal.ItemTypeNotRenewable => In(language,
            "此类图书不能续借",
            "this type of item cannot be renewed"),
        RenewalRefusal.WouldNotChangeDueDate => In(language,
            "续借不会延长应还日期",
            "renewing would not extend the due date"),
        RenewalRefusal.NotYourLoan => In(language,
            "这不是您借的书",
            "this is not one of your loans"),
        RenewalRefusal.AlreadyReturned => In(language,
            "此书已归还",
            "this item has already been returned"),
        _ => reason.Code,
    };

    private static string In(Language language, string zh, string en) => language == Language.En ? en : zh;

    private static string Date(DateOnly date, Language language) =>
        language == Language.En
            ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
            : $"{date.Month}月{date.Day}日";
}
