using System.Globalization;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>What each seat refusal means to a reader, in a short plain sentence: Chinese by default, English if preferred.</summary>
public static class SeatRefusalText
{
    public static string For(SeatRefusal reason, Language language, TimeZoneInfo zone) => reason switch
    {
        SeatRefusal.NoSuchSeat r => In(language, $"没有编号为{r.Seat}的座位", $"there is no seat {r.Seat}"),
        SeatRefusal.NoSuchZone => In(language, "没有这个区域", "no such zone"),
        SeatRefusal.NoBooking => In(language, "您当前没有座位预约", "you have no seat booking"),
        SeatRefusal.BookingNotOpen r => In(language, $"该时段将于{When(r.OpensAt, zone)}开放预约", $"booking for that time opens at {When(r.OpensAt, zone)}"),
        SeatRefusal.StartsInPast => In(language, "开始时间已过", "the start time has passed"),
        SeatRefusal.StartOutOfRange r => In(language, $"开始时间须在{When(r.Earliest, zone)}至{When(r.Latest, zone)}之间",
            $"the start must lie between {When(r.Earliest, zone)} and {When(r.Latest, zone)}"),
        SeatRefusal.BranchClosed r => In(language, $"{r.Date:M月d日}闭馆", $"the library is closed on {r.Date:yyyy-MM-dd}"),
        SeatRefusal.OutsideOpeningHours r => In(language, $"请在开馆时间{r.Opens:HH\\:mm}–{r.Closes:HH\\:mm}内预约",
            $"book within opening hours, {r.Opens:HH\\:mm}–{r.Closes:HH\\:mm}"),
        SeatRefusal.TooShort r => In(language, $"预约时长至少{r.Min}分钟", $"book at least {r.Min} minutes"),
        SeatRefusal.TooLong r => In(language, $"预约时长最多{r.Max}分钟", $"book at most {r.Max} minutes"),
        SeatRefusal.DailyLimit r => In(language, $"今日已用{r.Used}分钟，每日最多{r.Max}分钟", $"you have used {r.Used} of {r.Max} minutes today"),
        SeatRefusal.AlreadyBooked r => In(language, $"您已预约座位{r.Seat}，每人同时只能预约一个座位", $"you already have seat {r.Seat} booked; one booking at a time"),
        SeatRefusal.Suspended r => In(language, $"因违约，预约资格暂停至{When(r.Until, zone)}", $"seat booking is suspended until {When(r.Until, zone)} after violations"),
        SeatRefusal.ZoneClosed { Reason: { } why, Until: { } until } => In(language, $"该区域因{why}关闭至{When(until, zone)}",
            $"the zone is closed ({why}) until {When(until, zone)}"),
        SeatRefusal.ZoneClosed => In(language, "该区域暂停开放", "the zone is closed"),
        SeatRefusal.SeatDisabled r => In(language, $"座位{r.Seat}暂停使用", $"seat {r.Seat} is out of use"),
        SeatRefusal.TooManyCancellations r => In(language, $"今日已取消{r.Cancelled}次，今天不能再预约", $"you cancelled {r.Cancelled} times today and cannot book again today"),
        SeatRefusal.PatronRestricted r => In(language, $"借书证已被限制使用：{r.Reason}", $"your card is restricted: {r.Reason}"),
        SeatRefusal.PatronExpired => In(language, "借书证已过期，请到服务台办理", "your library card has expired; please visit the service desk"),
        SeatRefusal.CheckInNotYetOpen r => In(language, $"{When(r.OpensAt, zone)}起可签到", $"check-in opens at {When(r.OpensAt, zone)}"),
        SeatRefusal.CheckInClosed r => In(language, $"签到已于{When(r.ClosedAt, zone)}截止", $"check-in closed at {When(r.ClosedAt, zone)}"),
        SeatRefusal.WrongSeat r => In(language, $"这不是您预约的座位，您的座位是{r.BookedSeat}", $"this is not your seat; yours is {r.BookedSeat}"),
        SeatRefusal.AlreadyCheckedIn => In(language, "您已签到", "you have already checked in"),
        SeatRefusal.NotCheckedIn => In(language, "您尚未签到", "you have not checked in"),
        SeatRefusal.AlreadyOnLeave r => In(language, $"您正在暂离，请于{When(r.Until, zone)}前返回", $"you are on leave until {When(r.Until, zone)}"),
        SeatRefusal.NotOnLeave => In(language, "您没有暂离", "you are not on leave"),
        SeatRefusal.LeaveExpired r => In(language, $"暂离已于{When(r.Until, zone)}到期", $"your leave ran out at {When(r.Until, zone)}"),
        SeatRefusal.BookingEnded => In(language, "该预约已结束", "the booking has ended"),
        _ => reason.Code,
    };

    private static string In(Language language, string zh, string en) => language == Language.En ? en : zh;

    private static string When(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("M-d HH:mm", CultureInfo.InvariantCulture);
}
