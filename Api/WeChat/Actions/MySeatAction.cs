using System.Text;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;
using WeChatLib.Domain.Seats.Releases;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// MY_BOOKINGS / “我的座位” / “my seat”: the live booking (seat, time, where it stands) with the replies that apply to it,
/// the booking that ended last and how, and a suspension of seat booking with why and until when.
/// </summary>
public sealed class MySeatAction(ListMySeatBookings listMine, GetSeatStanding standing, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await DescribeAsync(message.FromUserName, cancellationToken) is { } text ? new WeChatReply.Text(text) : reader.BindFirst();

    /// <summary>The reader's seat as this action answers it; null when the openid is bound to no reader.</summary>
    public async Task<string?> DescribeAsync(string openId, CancellationToken cancellationToken)
    {
        if (await listMine.HandleAsync(new ReaderRef.WeChat(openId), cancellationToken) is not { } mine)
            return null;
        var suspension = (await standing.ForReaderAsync(mine.Reader.Id, cancellationToken)).Suspension;
        var (lang, zone, now) = (mine.Reader.PreferredLanguage, clock.Zone, clock.UtcNow);
        var text = new StringBuilder();

        if (mine.Live is { } live)
        {
            text.Line(Say.In(lang, $"您的座位：{SeatText.Seat(live, lang)}", $"Your seat: {SeatText.Seat(live, lang)}"));
            text.Line($"{SeatText.Time(live.Starts, zone, now)}–{SeatText.Time(live.Ends, zone, now)}");
            text.Line(Status(live, mine.LiveZone, lang, zone, now));
            text.Line(Replies(live, lang));
        }
        else
        {
            text.Line(Say.In(lang, "您目前没有座位预约。", "You have no seat booking now."));
            if (suspension is null)
                text.Line(Say.In(lang, "回复“座位”查看空位并预约。", "Reply seats to see free seats and book one."));
        }

        if (mine.LastEnded is { } ended && SeatEndingText.For(ended, lang, zone) is { } ending)
        {
            // The ending carries a staff member's reason as they typed it.
            var how = Say.Plain(ending);
            text.Line(Say.In(lang, $"上次：{SeatText.Seat(ended, lang)}，{how}", $"Last: {SeatText.Seat(ended, lang)}, {how}"), newEntry: true);
        }

        if (suspension is not null)
            text.Line(Say.In(lang,
                $"因{suspension.Reason}，座位预约暂停至 {SeatText.Time(suspension.EndsAt, zone, now)}。",
                $"Seat booking is suspended until {SeatText.Time(suspension.EndsAt, zone, now)} after violations ({suspension.Reason})."), newEntry: true);
        return text.ToString();
    }

    private static string Status(SeatBooking live, SeatZone? seatZone, Language lang, TimeZoneInfo zone, DateTimeOffset now) => live.Status switch
    {
        SeatBookingStatus.Booked when seatZone is not null => Say.In(lang,
            $"状态：待签到，请于 {SeatText.Time(SeatRules.CheckInWindow(live, seatZone.Rules).Closes, zone, now)} 前扫码签到",
            $"Status: to check in by {SeatText.Time(SeatRules.CheckInWindow(live, seatZone.Rules).Closes, zone, now)}"),
        SeatBookingStatus.Booked => Say.In(lang, "状态：待签到", "Status: to check in"),
        SeatBookingStatus.CheckedIn => Say.In(lang, "状态：已签到", "Status: checked in"),
        _ when live.LeaveUntil is { } until => Say.In(lang, $"状态：暂离，请于 {SeatText.Time(until, zone, now)} 前返回",
            $"Status: on leave until {SeatText.Time(until, zone, now)}"),
        _ => Say.In(lang, "状态：暂离", "Status: on leave"),
    };

    private static string Replies(SeatBooking live, Language lang) => live.Status switch
    {
        SeatBookingStatus.Booked => Say.In(lang, "回复“取消座位”取消预约。", "Reply cancel seat to cancel the booking."),
        SeatBookingStatus.CheckedIn => Say.In(lang, "回复“暂离”暂时离开，“签退”离开并释放座位。",
            "Reply away to step out for a while, leave seat to leave and free the seat."),
        _ => Say.In(lang, "回复“返回”回到座位，“签退”离开并释放座位。", "Reply back when you are back at the seat, leave seat to free it."),
    };
}
