using System.Text;
using WeChatLib.Api.Binding;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Rooms;
using WeChatLib.Infrastructure.WeChat.Protocol;

namespace WeChatLib.Api.WeChat.Actions;

/// <summary>
/// ROOMS / “研讨室” / “rooms”: the rooms the reader may book that are free in the next few hours today, each with its
/// size and next free slots, and the link to the H5 page where a group books one; politely, when the library is closed
/// or nothing is free.
/// </summary>
public sealed class RoomsAction(ListFreeRooms listFree, BoundReader reader, BindingLinks links, LibraryClock clock) : IWeChatAction
{
    /// <summary>Rooms named in one reply; the page shows them all.</summary>
    public const int MaxRooms = 8;

    // Reads only.
    public bool SafeToRepeat => true;

    public async Task<WeChatReply> HandleAsync(WeChatMessage message, CancellationToken cancellationToken)
    {
        if (await listFree.HandleAsync(new ReaderRef.WeChat(message.FromUserName), cancellationToken) is not { } free)
            return reader.BindFirst();
        var (lang, zone) = (free.Reader.PreferredLanguage, clock.Zone);
        var link = $"<a href=\"{links.Url(RoomText.BookingPage)}\">{Say.In(lang, "在线预约研讨室", "book a room online")}</a>";
        var hours = (int)ListFreeRooms.Within.TotalHours;
        if (free.Bookable == 0)
            return new WeChatReply.Text(Say.In(lang, "目前没有您可预约的研讨室。", "There is no room you may book at the moment."));
        if (free.Rooms.Count == 0)
            return new WeChatReply.Text(free.OpenToday
                ? Say.In(lang, $"抱歉，未来{hours}小时内研讨室均已约满。\n其他时段请{link}。", $"Sorry, every room is taken for the next {hours} hours.\nFor other times, {link}.")
                : Say.In(lang, $"图书馆今天已闭馆，研讨室暂不开放。\n预约之后几天的研讨室请{link}。", $"The library is closed for today.\nTo book a room for the coming days, {link}."));

        var text = new StringBuilder(Say.In(lang, $"未来{hours}小时内的空闲研讨室：", $"Rooms free in the next {hours} hours:"));
        foreach (var (room, slots) in free.Rooms.Take(MaxRooms).Select(r => (r.Room, r.Slots)))
        {
            var times = string.Join(Say.In(lang, "、", ", "), slots.Select(s => RoomText.Clock(s.Starts, zone)));
            text.Line(Say.In(lang, $"· {RoomText.Room(room, lang)} · {room.Floor} · {room.MinGroup}–{room.Capacity}人", $"· {RoomText.Room(room, lang)} · {room.Floor} · {room.MinGroup}–{room.Capacity} people"),
                newEntry: true);
            text.Line(Say.In(lang, $"  空闲：{times}", $"  free at {times}"));
        }
        if (free.Rooms.Count > MaxRooms)
            text.Line(Say.In(lang, $"另有{free.Rooms.Count - MaxRooms}间空闲研讨室。", $"{free.Rooms.Count - MaxRooms} more rooms are free."), newEntry: true);
        text.Line(Say.In(lang, $"每个时段30分钟。选时段、邀请同伴请{link}。", $"Each slot is 30 minutes. To pick a time and invite your group, {link}."), newEntry: true);
        return new WeChatReply.Text(text.ToString());
    }
}
