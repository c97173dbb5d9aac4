namespace WeChatLib.Domain.Notices;

/// <summary>
/// What a due-date notice says, firmer at each level. Template fields are in Chinese (WeChat shows them in the
/// account's language); the free-text hint follows the reader's language.
/// </summary>
public static class DueNoticeWording
{
    /// <summary>The status line of a notice: courtesy, due day, then each overdue level; each fits a template field.</summary>
    public static string Status(NoticeRule rule) => (rule.Kind, rule.OffsetDays, rule.Level) switch
    {
        (NoticeKind.DueReminder, < 0, _) => "即将到期，请按时归还或续借",
        (NoticeKind.DueReminder, _, _) => "今天到期，请及时归还或续借",
        (_, _, <= 1) => "已超期，请尽快归还",
        (_, _, 2) => "已超期一周，请立即归还",
        _ => "已超期两周，借阅权限可能受限",
    };

    public static string RenewHint(bool english) =>
        english ? "Reply 续借 to renew them at once" : "回复“续借”即可一键续借";
}
