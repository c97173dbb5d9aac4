using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Rooms;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// SEAT_CHECKIN (scancode_waitmsg): checks in with what the scanned QR code carries (<c>ScanCodeInfo/ScanResult</c>: the
/// bare code or a URL naming it). The menu has one scan button: a room door's code checks the reader's room booking in,
/// any other code their seat; the answer says until when it is theirs, or why not.
/// </summary>
public sealed class SeatCheckInAction(CheckInSeat checkIn, CheckInRoom checkInRoom, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var scanned = message["ScanCodeInfo/ScanResult"];
        if (await checkInRoom.IsRoomAsync(scanned, cancellationToken))
            return await CheckInRoomAsync(message.FromUserName, scanned, cancellationToken);
        return await checkIn.HandleAsync(new ReaderRef.WeChat(message.FromUserName), null, scanned, cancellationToken) switch
        {
            SeatChange.Done d => new WeChatReply.Text(Say.In(d.Language,
                $"签到成功：{SeatText.Seat(d.Booking, d.Language)}，可使用至 {SeatText.Time(d.Booking.Ends, clock.Zone, clock.UtcNow)}。\n暂时离开请回复“暂离”，离开请回复“签退”。",
                $"Checked in: {SeatText.Seat(d.Booking, d.Language)}, yours until {SeatText.Time(d.Booking.Ends, clock.Zone, clock.UtcNow)}.\nReply away to step out, leave seat when you leave.")),
            SeatChange.Refused r => new WeChatReply.Text(SeatText.Refused("签到", "check in", r.Reasons, r.Language, clock.Zone)),
            _ => reader.BindFirst(),
        };
    }

    private async Task<WeChatReply> CheckInRoomAsync(string openId, string? scanned, CancellationToken cancellationToken) =>
        await checkInRoom.HandleAsync(new ReaderRef.WeChat(openId), null, scanned, cancellationToken) switch
        {
            RoomChange.Done d => new WeChatReply.Text(Say.In(d.Language,
                $"签到成功：研讨室 {RoomText.Room(d.Booking, d.Language)}，可使用至 {RoomText.Clock(d.Booking.Ends, clock.Zone)}。",
                $"Checked in: room {RoomText.Room(d.Booking, d.Language)}, yours until {RoomText.Clock(d.Booking.Ends, clock.Zone)}.")),
            RoomChange.Refused r => new WeChatReply.Text(RoomText.Refused("签到", "check in", r.Reasons, r.Language, clock.Zone)),
            _ => reader.BindFirst(),
        };
}
