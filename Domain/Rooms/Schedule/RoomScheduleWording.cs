using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats.Releases;

namespace WeChatLib.Domain.Rooms.Schedule;

/// <summary>
/// What the room schedule's notices say. Template fields are short Chinese (20 characters at most); the free-text hint
/// follows each member's language.
/// </summary>
public static class RoomScheduleWording
{
    public static string Reason(string endReason) => endReason switch
    {
        RoomScheduledEnd.NotConfirmed => "确认人数不足",
        RoomScheduledEnd.NotApproved => "未在时限内获批准",
        RoomScheduledEnd.NoShow => "无人按时签到",
        _ => "使用时间已到",
    };

    public static string StartingHint(Language language, string room, string start, string opens, string closes) => language == Language.En
        ? $"{room} starts at {start}: scan the QR code on the door between {opens} and {closes} to check in, or the room is released"
        : $"{room}将于{start}开始，请在{opens}至{closes}间扫描门上二维码签到，逾时研讨室将被释放";

    /// <param name="confirmed">Members who had confirmed, the organiser included.</param>
    public static string LapsedHint(Language language, string reason, string deadline, int confirmed, int minGroup) => (language, reason) switch
    {
        (Language.En, RoomScheduledEnd.NotApproved) => $"Staff had not approved the booking by {deadline}: it is cancelled; you may book another room",
        (Language.En, _) => $"Only {confirmed} of the {minGroup} needed had confirmed by {deadline}: the booking is cancelled and the room free for others",
        (_, RoomScheduledEnd.NotApproved) => $"截至{deadline}馆员未批准此预约，预约已取消，可另约其他研讨室",
        _ => $"截至{deadline}仅{confirmed}人确认，未满{minGroup}人，预约已取消，研讨室已释放",
    };

    /// <summary>A member's hint after a no-show release; the organiser's also says where they stand under the fairness rules.</summary>
    public static string ReleasedHint(Language language, string closes, bool organiser, int counting, SeatFairnessPolicy rules, bool suspended) =>
        (language, organiser, suspended) switch
        {
            (Language.En, false, _) => $"Nobody checked in by {closes}: the room was released for others",
            (Language.En, true, true) => $"Nobody checked in by {closes}. {counting} violations in {rules.ViolationWindowDays} days: seat and room booking is suspended for {rules.SuspensionDays} days",
            (Language.En, true, false) => $"Nobody checked in by {closes}. Violation {counting} of {rules.ViolationsToSuspend} in {rules.ViolationWindowDays} days for you as organiser; at {rules.ViolationsToSuspend}, seat and room booking is suspended for {rules.SuspensionDays} days",
            (_, false, _) => $"无人在{closes}前签到，研讨室已释放给他人",
            (_, true, true) => $"无人在{closes}前签到。{rules.ViolationWindowDays}天内违约{counting}次，座位和研讨室预约暂停{rules.SuspensionDays}天",
            _ => $"无人在{closes}前签到，记组织者违约一次：{rules.ViolationWindowDays}天内第{counting}次，满{rules.ViolationsToSuspend}次将暂停座位和研讨室预约{rules.SuspensionDays}天",
        };
}
