using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“签退” / “leave seat”: the reader leaves; the booking finishes now and the rest of its time is free for others.</summary>
public sealed class LeaveSeatAction(LeaveSeat leave, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await leave.HandleAsync(new ReaderRef.WeChat(message.FromUserName), null, cancellationToken) switch
        {
            SeatChange.Done d => new WeChatReply.Text(Say.In(d.Language,
                $"已签退，座位 {d.Booking.SeatCode} 已释放，欢迎再来。", $"Signed out: seat {d.Booking.SeatCode} is free again. See you soon.")),
            SeatChange.Refused r => new WeChatReply.Text(SeatText.Refused("签退", "sign out", r.Reasons, r.Language, clock.Zone)
                + (r.Reasons.Any(x => x is SeatRefusal.NotCheckedIn) ? Say.In(r.Language, "\n未签到的预约请回复“取消座位”。", "\nTo drop a booking not checked in, reply cancel seat.") : "")),
            _ => reader.BindFirst(),
        };
}
