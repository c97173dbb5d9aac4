using System.Globalization;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// “确认” / “confirm” and “确认 N”: a companion confirms their latest room invitation, or booking N as the invitation
/// names it, through the use case REST calls; the answer says where the booking now stands, or why not.
/// </summary>
public sealed class ConfirmRoomAction(ConfirmRoomInvitation confirm, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var named = ChatArgument.After(message.Content, "确认", "confirm");
        long? bookingId = null;
        if (named.Length > 0)
        {
            if (!long.TryParse(named, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return await HintAsync(message.FromUserName, cancellationToken);
            bookingId = id;
        }
        return await confirm.HandleAsync(new ReaderRef.WeChat(message.FromUserName), bookingId, cancellationToken) switch
        {
            RoomChange.Done d => new WeChatReply.Text(Confirmed(d.Booking, d.Limits, d.Language)),
            RoomChange.Refused r => new WeChatReply.Text(RoomText.Refused("确认", "confirm", r.Reasons, r.Language, clock.Zone)),
            _ when await reader.FindAsync(message.FromUserName, cancellationToken) is { } patron => new WeChatReply.Text(Say.In(patron.PreferredLanguage,
                $"没有找到编号为 {bookingId} 的研讨室邀请。", $"You have no room invitation numbered {bookingId}.")),
            _ => reader.BindFirst(),
        };
    }

    private string Confirmed(RoomBooking booking, RoomLimits limits, Language lang)
    {
        var (zone, now) = (clock.Zone, clock.UtcNow);
        var what = $"{RoomText.Room(booking, lang)}，{RoomText.Span(booking, zone, now)}";
        var whatEn = $"{RoomText.Room(booking, lang)}, {RoomText.Span(booking, zone, now)}";
        switch (booking.Status)
        {
            case RoomBookingStatus.Confirmed:
                var (opens, closes) = RoomRules.CheckInWindow(booking, limits);
                return Say.In(lang,
                    $"已确认，研讨室预约成功：{what}。\n请于 {SeatText.Time(opens, zone, now)}–{RoomText.Clock(closes, zone)} 扫描门上二维码签到，逾时研讨室将被释放。",
                    $"Confirmed: {whatEn} is booked.\nScan the QR code on the door between {SeatText.Time(opens, zone, now)} and {RoomText.Clock(closes, zone)} to check in, or the room is released.");
            case RoomBookingStatus.AwaitingApproval:
                return Say.In(lang, $"已确认：{what}。小组人数已满，预约待馆员审批，结果将另行通知。",
                    $"Confirmed: {whatEn}. The group is complete; the booking now awaits staff approval, and you will be told.");
            case RoomBookingStatus.CheckedIn:
                return Say.In(lang, $"已确认：{what}，小组已签到，可直接前往。", $"Confirmed: {whatEn}. The group has checked in; go straight there.");
            default:
                return Say.In(lang,
                    $"已确认：{what}。已有{booking.ConfirmedCount}人确认，等待其他同伴确认；{SeatText.Time(booking.ConfirmBy, zone, now)} 前人数不足将自动取消。",
                    $"Confirmed: {whatEn}. {booking.ConfirmedCount} have confirmed; waiting for the others. Without enough by {SeatText.Time(booking.ConfirmBy, zone, now)} it is cancelled.");
        }
    }

    private async Task<WeChatReply> HintAsync(string openId, CancellationToken cancellationToken) =>
        await reader.FindAsync(openId, cancellationToken) is { } patron
            ? new WeChatReply.Text(Say.In(patron.PreferredLanguage, "确认研讨室邀请请回复“确认”或“确认 编号”（编号见邀请通知）。",
                "To confirm a room invitation, reply confirm, or confirm N with the number in the invitation."))
            : reader.BindFirst();
}
