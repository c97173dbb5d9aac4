using System.Text;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// MY_BOOKINGS (the menu's 我的预约) / “我的研讨室” / “my bookings”: the reader's seat as “我的座位” shows it, then each live
/// room booking they are in (as organiser or companion, not declined) with its number, where it stands and what to do
/// next: confirm, wait for the group or for staff, check in from when, cancel.
/// </summary>
public sealed class MyBookingsAction(MySeatAction seat, ListMyRoomBookings listRooms, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    /// <summary>Room bookings named in one reply; the H5 page lists them all.</summary>
    public const int MaxRooms = 5;

    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await seat.DescribeAsync(message.FromUserName, cancellationToken) is not { } seatText
            || await listRooms.HandleAsync(new ReaderRef.WeChat(message.FromUserName), cancellationToken) is not { } rooms)
            return reader.BindFirst();
        var me = rooms.Reader.Id;
        var live = rooms.Bookings.Where(b => b.Live && b.Member(me) is { Status: not RoomMember.Declined }).Take(MaxRooms).ToList();
        var text = new StringBuilder(seatText);
        foreach (var booking in live)
            text.Line(Describe(booking, me, rooms.Limits, rooms.Reader.PreferredLanguage), newEntry: true);
        return new WeChatReply.Text(text.ToString());
    }

    private string Describe(RoomBooking booking, long me, RoomLimits limits, Language lang)
    {
        var (zone, now) = (clock.Zone, clock.UtcNow);
        var id = RoomText.Id(booking);
        var organiser = booking.OrganiserId == me;
        var text = new StringBuilder(Say.In(lang, $"研讨室：{RoomText.Room(booking, lang)}（编号 {id}）", $"Room: {RoomText.Room(booking, lang)} (no. {id})"));
        text.Line(Say.In(lang, $"{RoomText.Span(booking, zone, now)} · {(organiser ? "您是预约人" : "您是同伴")}",
            $"{RoomText.Span(booking, zone, now)} · {(organiser ? "you organise it" : "you are a companion")}"));
        text.Line(booking.Member(me)!.Status == RoomMember.Invited
            ? Say.In(lang, $"状态：待您确认，请于 {SeatText.Time(RoomRules.ConfirmDeadline(booking), zone, now)} 前回复“确认 {id}”",
                $"Status: to confirm; reply confirm {id} by {SeatText.Time(RoomRules.ConfirmDeadline(booking), zone, now)}")
            : Status(booking, limits, lang, zone, now));
        if (organiser && now < booking.Starts)
            text.Line(Say.In(lang, $"回复“取消研讨室 {id}”取消预约。", $"Reply cancel room {id} to cancel it."));
        return text.ToString();
    }

    private static string Status(RoomBooking booking, RoomLimits limits, Language lang, TimeZoneInfo zone, DateTimeOffset now)
    {
        switch (booking.Status)
        {
            case RoomBookingStatus.Pending:
                return Say.In(lang, $"状态：待同伴确认（已确认{booking.ConfirmedCount}人），{SeatText.Time(booking.ConfirmBy, zone, now)} 前人数不足将自动取消",
                    $"Status: waiting for companions ({booking.ConfirmedCount} confirmed); cancelled if not enough by {SeatText.Time(booking.ConfirmBy, zone, now)}");
            case RoomBookingStatus.AwaitingApproval:
                return Say.In(lang, $"状态：待馆员审批，{SeatText.Time(booking.ConfirmBy, zone, now)} 前未获批准将自动取消",
                    $"Status: awaiting staff approval; cancelled if not approved by {SeatText.Time(booking.ConfirmBy, zone, now)}");
            case RoomBookingStatus.Confirmed:
                var (opens, closes) = RoomRules.CheckInWindow(booking, limits);
                return Say.In(lang, $"状态：已确认，{SeatText.Time(opens, zone, now)} 起可扫码签到（{RoomText.Clock(closes, zone)} 前）",
                    $"Status: confirmed; check in from {SeatText.Time(opens, zone, now)} (by {RoomText.Clock(closes, zone)}) by scanning the door's QR code");
            default:
                return Say.In(lang, $"状态：已签到，可使用至 {RoomText.Clock(booking.Ends, zone)}", $"Status: checked in, yours until {RoomText.Clock(booking.Ends, zone)}");
        }
    }
}
