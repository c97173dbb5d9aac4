using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats.Releases;

/// <summary>
/// What seat notices say. Template fields are short Chinese (WeChat shows them in the account's language, 20 characters
/// at most); the free-text hint follows the reader's language.
/// </summary>
public static class SeatNoticeWording
{
    public static string Reason(string endReason) => endReason switch
    {
        SeatEndReason.NoShow => "未按时签到",
        SeatEndReason.LeaveOverrun => "暂离超时未返回",
        SeatViolation.RoomNoShow => "研讨室无人按时签到",
        _ => "使用时间已到",
    };

    public static string ReasonEn(string endReason) => endReason switch
    {
        SeatEndReason.NoShow => "no check-in",
        SeatEndReason.LeaveOverrun => "not back from leave in time",
        SeatViolation.RoomNoShow => "nobody checked into the room",
        _ => "time up",
    };

    /// <summary>Where the reader stands after a release: how many violations count, and what the next one brings.</summary>
    public static string ReleasedHint(Language language, int counting, SeatFairnessPolicy rules, bool suspended) => (language, suspended) switch
    {
        (Language.En, true) => $"{counting} violations in {rules.ViolationWindowDays} days: seat booking is suspended for {rules.SuspensionDays} days",
        (Language.En, false) => $"Violation {counting} of {rules.ViolationsToSuspend} in {rules.ViolationWindowDays} days; at {rules.ViolationsToSuspend}, booking is suspended for {rules.SuspensionDays} days",
        (_, true) => $"{rules.ViolationWindowDays}天内违约{counting}次，座位预约暂停{rules.SuspensionDays}天",
        _ => $"{rules.ViolationWindowDays}天内第{counting}次违约，满{rules.ViolationsToSuspend}次将暂停预约{rules.SuspensionDays}天",
    };

    public static string CheckinClosingHint(Language language, string by) => language == Language.En
        ? $"Scan the QR code on your seat by {by}, or the seat is released and a violation recorded"
        : $"请在{by}前扫描座位二维码签到，逾时座位将被释放并记违约一次";

    public static string LeaveEndingHint(Language language, string until) => language == Language.En
        ? $"Your leave ends at {until}: come back and scan the seat's QR code, or the seat is released"
        : $"暂离将于{until}结束，请及时返回并扫码，逾时座位将被释放";

    public static string SuspendedHint(Language language, string until) => language == Language.En
        ? $"You may book seats and rooms again from {until}"
        : $"{until}起可再次预约座位和研讨室";

    /// <summary>What happened to a released booking, in one line: <c>12-02 07:31 释放：未按时签到</c>.</summary>
    public static string ReleasedSummary(Language language, DateTime releasedLocal, string endReason) => language == Language.En
        ? $"Released {Moment(releasedLocal)}: {ReasonEn(endReason)}"
        : $"{Moment(releasedLocal)} 释放：{Reason(endReason)}";

    /// <summary>A library-local time as a notice shows it: <c>07:30</c>.</summary>
    public static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A library-local date as notice fields carry it (templates format it): <c>2026-12-09</c>.</summary>
    public static string Date(DateTime local) => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A library-local moment in full, for hints: <c>12-09 07:30</c>.</summary>
    public static string Moment(DateTime local) => local.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
}
