using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Rooms;

/// <summary>What each room refusal means to a reader, in a short plain sentence: Chinese by default, English if preferred.</summary>
public static class RoomRefusalText
{
    public static string For(RoomRefusal reason, Language language, TimeZoneInfo zone) => reason switch
    {
        RoomRefusal.NoSuchRoom => In(language, "没有这个研讨室", "no such room"),
        RoomRefusal.RoomDisabled r => In(language, $"研讨室{r.Room}暂停开放", $"room {r.Room} is not open for booking"),
        RoomRefusal.RoomBlocked r => In(language, $"该研讨室因{r.Reason}暂停使用至{When(r.Until, zone)}", $"the room is blocked ({r.Reason}) until {When(r.Until, zone)}"),
        RoomRefusal.NotAligned => In(language, "请按整点或半点预约", "bookings start and end on the hour or half hour"),
        RoomRefusal.StartsInPast => In(language, "开始时间已过", "the start time has passed"),
        RoomRefusal.TooFarAhead r => In(language, $"最多可提前{r.DaysAhead}天预约（至{r.LastDate:M月d日}）",
            $"rooms can be booked up to {r.DaysAhead} days ahead (until {r.LastDate:yyyy-MM-dd})"),
        RoomRefusal.BranchClosed r => In(language, $"{r.Date:M月d日}闭馆", $"the library is closed on {r.Date:yyyy-MM-dd}"),
        RoomRefusal.OutsideOpeningHours r => In(language, $"请在开馆时间{r.Opens:HH\\:mm}–{r.Closes:HH\\:mm}内预约",
            $"book within opening hours, {r.Opens:HH\\:mm}–{r.Closes:HH\\:mm}"),
        RoomRefusal.TooShort => In(language, "预约时长至少30分钟", "book at least 30 minutes"),
        RoomRefusal.TooLong r => In(language, $"每次预约最多{r.Max}分钟", $"book at most {r.Max} minutes at a time"),
        RoomRefusal.DailyLimit r => In(language, $"当天已预约研讨室{r.Used}分钟，每人每天最多{r.Max}分钟",
            $"you hold rooms for {r.Used} of {r.Max} minutes that day"),
        RoomRefusal.CompanionDailyLimit r => In(language, $"同伴{r.Card}当天的研讨室时长将超过{r.Max}分钟",
            $"companion {r.Card} would hold rooms for more than {r.Max} minutes that day"),
        RoomRefusal.GroupTooLarge r => In(language, $"该研讨室最多容纳{r.Capacity}人", $"the room holds at most {r.Capacity} people"),
        RoomRefusal.GroupTooSmall r => In(language, $"该研讨室至少需要{r.MinGroup}人（含预约人），请添加同伴",
            $"the room needs a group of at least {r.MinGroup}, you included; add companions"),
        RoomRefusal.CompanionUnknown r => In(language, $"未找到借书证号为{r.Card}的读者", $"no reader has card number {r.Card}"),
        RoomRefusal.CompanionNotBound r => In(language, $"同伴{r.Card}尚未绑定微信，无法确认邀请", $"companion {r.Card} has not bound WeChat and could not confirm"),
        RoomRefusal.CompanionInactive r => In(language, $"同伴{r.Card}的借书证不可用", $"companion {r.Card}'s library card is not in good standing"),
        RoomRefusal.CompanionIsOrganiser => In(language, "同伴中不能包含您自己", "you cannot name yourself as a companion"),
        RoomRefusal.CompanionRepeated r => In(language, $"同伴{r.Card}重复", $"companion {r.Card} is named twice"),
        RoomRefusal.GroupNotAllowed => In(language, "该研讨室不对您所在的读者类型开放", "the room is not open to your patron group"),
        RoomRefusal.CompanionGroupNotAllowed r => In(language, $"该研讨室不对同伴{r.Card}所在的读者类型开放", $"the room is not open to companion {r.Card}'s patron group"),
        RoomRefusal.CompanionBusy r => In(language, $"同伴{r.Card}在该时段已有其他研讨室预约", $"companion {r.Card} is in another room booking at that time"),
        RoomRefusal.AlreadyInRoom r => In(language, $"您在该时段已有研讨室{r.Room}的预约，同一时间只能参加一个预约",
            $"you are already in a booking of room {r.Room} at that time; one room at a time"),
        RoomRefusal.Suspended r => In(language, $"因违约，预约资格暂停至{When(r.Until, zone)}", $"booking is suspended until {When(r.Until, zone)} after violations"),
        RoomRefusal.PatronRestricted r => In(language, $"借书证已被限制使用：{r.Reason}", $"your card is restricted: {r.Reason}"),
        RoomRefusal.PatronExpired => In(language, "借书证已过期，请到服务台办理", "your library card has expired; please visit the service desk"),
        RoomRefusal.NotOrganiser => In(language, "只有预约人可以取消预约", "only the organiser can cancel the booking"),
        RoomRefusal.AlreadyStarted => In(language, "预约已开始，不能取消", "the booking has started and can no longer be cancelled"),
        RoomRefusal.BookingEnded r => Ended(r.Status, language),
        RoomRefusal.NoInvitation => In(language, "您没有待确认的研讨室邀请", "you have no room invitation to answer"),
        RoomRefusal.AlreadyConfirmed => In(language, "您已确认该邀请", "you have already confirmed"),
        RoomRefusal.AlreadyDeclined => In(language, "您已拒绝该邀请", "you have already declined"),
        RoomRefusal.ConfirmationClosed r => In(language, $"确认已于{When(r.ClosedAt, zone)}截止", $"confirmation closed at {When(r.ClosedAt, zone)}"),
        RoomRefusal.NoBooking => In(language, "您当前没有研讨室预约", "you have no room booking"),
        RoomRefusal.NotConfirmed r => In(language, r.Status == RoomBookingStatus.AwaitingApproval ? "预约尚待馆员审批" : "同伴尚未全部确认，预约尚未生效",
            r.Status == RoomBookingStatus.AwaitingApproval ? "the booking awaits staff approval" : "the booking is not confirmed yet"),
        RoomRefusal.InvitationNotConfirmed => In(language, "请先确认邀请", "confirm the invitation first"),
        RoomRefusal.WrongRoom r => In(language, $"这不是您预约的研讨室，您预约的是{r.BookedRoom}", $"this is not your room; yours is {r.BookedRoom}"),
        RoomRefusal.CheckInNotYetOpen r => In(language, $"{When(r.OpensAt, zone)}起可签到", $"check-in opens at {When(r.OpensAt, zone)}"),
        RoomRefusal.CheckInClosed r => In(language, $"签到已于{When(r.ClosedAt, zone)}截止", $"check-in closed at {When(r.ClosedAt, zone)}"),
        RoomRefusal.AlreadyCheckedIn => In(language, "已签到", "already checked in"),
        _ => reason.Code,
    };

    /// <summary>How the booking ended, so that a late answer to an invitation knows why it no longer counts.</summary>
    private static string Ended(string status, Language language) => status switch
    {
        RoomBookingStatus.Lapsed => In(language, "该预约已失效：未在时限内确认（或获批），研讨室已释放", "the booking lapsed: it was not confirmed (or approved) in time"),
        RoomBookingStatus.Cancelled => In(language, "该预约已取消", "the booking was cancelled"),
        RoomBookingStatus.Rejected => In(language, "该预约未获批准", "the booking was not approved"),
        RoomBookingStatus.Released => In(language, "该预约因无人签到已释放", "the booking was released: nobody checked in"),
        _ => In(language, "该预约已结束", "the booking has ended"),
    };

    private static string In(Language language, string zh, string en) => language == Language.En ? en : zh;

    private static string When(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("M-d HH:mm", CultureInfo.InvariantCulture);
}
