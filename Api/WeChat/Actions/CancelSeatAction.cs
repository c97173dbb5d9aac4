using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“取消座位” / “cancel seat”: cancels the reader's booking not yet checked in (it counts towards the daily cap).</summary>
public sealed class CancelSeatAction(CancelSeatBooking cancel, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await cancel.HandleAsync(new ReaderRef.WeChat(message.FromUserName), null, cancellationToken) switch
        {
            SeatChange.Done d => new WeChatReply.Text(Say.In(d.Language, $"已取消 {SeatText.Seat(d.Booking, d.Language)} 的预约。",
                $"Your booking of {SeatText.Seat(d.Booking, d.Language)} is cancelled.")),
            SeatChange.Refused r => new WeChatReply.Text(SeatText.Refused("取消", "cancel", r.Reasons, r.Language, clock.Zone)
                + (r.Reasons.Any(x => x is SeatRefusal.AlreadyCheckedIn) ? Say.In(r.Language, "\n离开座位请回复“签退”。", "\nTo leave the seat, reply leave seat.") : "")),
            _ => reader.BindFirst(),
        };
}
