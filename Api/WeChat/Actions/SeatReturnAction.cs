using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Seats;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“返回” / “back”: back at the seat from temporary leave, before it runs out.</summary>
public sealed class SeatReturnAction(ReturnFromSeatLeave back, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken) =>
        await back.HandleAsync(new ReaderRef.WeChat(message.FromUserName), null, cancellationToken) switch
        {
            SeatChange.Done d => new WeChatReply.Text(Say.In(d.Language,
                $"欢迎回来，座位 {d.Booking.SeatCode} 可使用至 {SeatText.Time(d.Booking.Ends, clock.Zone, clock.UtcNow)}。",
                $"Welcome back: seat {d.Booking.SeatCode} is yours until {SeatText.Time(d.Booking.Ends, clock.Zone, clock.UtcNow)}.")),
            SeatChange.Refused r => new WeChatReply.Text(SeatText.Refused("返回", "return", r.Reasons, r.Language, clock.Zone)),
            _ => reader.BindFirst(),
        };
}
