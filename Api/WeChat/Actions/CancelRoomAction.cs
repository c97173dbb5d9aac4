using System.Globalization;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Rooms;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>“取消研讨室 N” / “cancel room N”: the organiser cancels room booking N before it starts; each companion is told.</summary>
public sealed class CancelRoomAction(CancelRoomBooking cancel, BoundReader reader, LibraryClock clock) : IWeChatAction
{
    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        var named = ChatArgument.After(message.Content, "取消研讨室", "cancel room");
        if (!long.TryParse(named, NumberStyles.None, CultureInfo.InvariantCulture, out var bookingId))
            return await reader.FindAsync(message.FromUserName, cancellationToken) is { } patron
                ? new WeChatReply.Text(Say.In(patron.PreferredLanguage, "取消研讨室预约请回复“取消研讨室 编号”，编号见菜单“我的预约”。",
                    "To cancel a room booking, reply cancel room N with the number shown under My bookings."))
                : reader.BindFirst();
        return await cancel.HandleAsync(new ReaderRef.WeChat(message.FromUserName), bookingId, cancellationToken) switch
        {
            RoomChange.Done d => new WeChatReply.Text(Say.In(d.Language,
                $"已取消研讨室 {RoomText.Room(d.Booking, d.Language)}（{RoomText.Span(d.Booking, clock.Zone, clock.UtcNow)}）的预约，同伴将收到通知。",
                $"Your booking of {RoomText.Room(d.Booking, d.Language)} ({RoomText.Span(d.Booking, clock.Zone, clock.UtcNow)}) is cancelled; your group is told.")),
            RoomChange.Refused r => new WeChatReply.Text(RoomText.Refused("取消", "cancel", r.Reasons, r.Language, clock.Zone)),
            _ when await reader.FindAsync(message.FromUserName, cancellationToken) is { } patron => new WeChatReply.Text(Say.In(patron.PreferredLanguage,
                $"没有找到编号为 {bookingId} 的研讨室预约。", $"You have no room booking numbered {bookingId}.")),
            _ => reader.BindFirst(),
        };
    }
}
