using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// SEAT_CHECKIN (scancode_waitmsg): checks in with what the seat's QR code carries (<c>ScanCodeInfo/ScanResult</c>: the
/// bare code or a URL naming it), answering the seat and until when it is the reader's, or why not.
/// </summary>
public sealed class SeatCheckInAction(CheckInSeat checkIn, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await checkIn.HandleAsync(new ReaderRef.WeChat(message.FromUserName), null, message["ScanCodeInfo/ScanResult"], cancellationToken) switch
        {
            SeatChange.Done d => new WeChatReply.Text(Say.In(d.Language,
                $"签到成功：{SeatText.Seat(d.Booking, d.Language)}，可使用至 {SeatText.Time(d.Booking.Ends, clock.Zone, clock.UtcNow)}。\n暂时离开请回复“暂离”，离开请回复“签退”。",
                $"Checked in: {SeatText.Seat(d.Booking, d.Language)}, yours until {SeatText.Time(d.Booking.Ends, clock.Zone, clock.UtcNow)}.\nReply away to step out, leave seat when you leave.")),
            SeatChange.Refused r => new WeChatReply.Text(SeatText.Refused("签到", "check in", r.Reasons, r.Language, clock.Zone)),
            _ => reader.BindFirst(),
        };
}
