using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“暂离” / “away”: temporary leave from the checked-in seat, which is kept until the leave runs out.</summary>
public sealed class SeatLeaveAction(StartSeatLeave leave, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await leave.HandleAsync(new ReaderRef.WeChat(message.FromUserName), null, cancellationToken) switch
        {
            SeatChange.Done { Booking.LeaveUntil: { } until } d => new WeChatReply.Text(Say.In(d.Language,
                $"已暂离，座位 {d.Booking.SeatCode} 为您保留至 {SeatText.Time(until, clock.Zone, clock.UtcNow)}。回来后请回复“返回”，逾时座位将被释放。",
                $"You are away; seat {d.Booking.SeatCode} is kept until {SeatText.Time(until, clock.Zone, clock.UtcNow)}. Reply back when you return, or the seat is released.")),
            SeatChange.Refused r => new WeChatReply.Text(SeatText.Refused("暂离", "step out", r.Reasons, r.Language, clock.Zone)),
            _ => reader.BindFirst(),
        };
}
