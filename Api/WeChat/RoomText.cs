using System.Globalization;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;

namespace WeChatLib.Api.WeChat;

/// <summary>How room bookings read in the chat: the room in the reader's language, library-local times, and what to reply next.</summary>
public static class RoomText
{
    /// <summary>The H5 page where a group books a room: slots of any day, companions, topic.</summary>
    public const string BookingPage = "/h5/rooms";

    public static string Room(Room room, Language language) =>
        $"{(language == Language.En && room.NameEn != "" ? room.NameEn : room.Name)} {room.Code}";

    /// <summary>The booked room and its code: <c>四楼研讨室1 M4-D1</c>.</summary>
    public static string Room(RoomBooking booking, Language language) =>
        $"{(language == Language.En && booking.RoomNameEn != "" ? booking.RoomNameEn : booking.RoomName)} {booking.RoomCode}";

    /// <summary>The booking's time: <c>14:00–16:00</c> today, <c>12-9 14:00–16:00</c> on another day.</summary>
    public static string Span(RoomBooking booking, TimeZoneInfo zone, DateTimeOffset now) =>
        $"{SeatText.Time(booking.Starts, zone, now)}–{Clock(booking.Ends, zone)}";

    public static string Clock(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Id(RoomBooking booking) => booking.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every reason, in the reader's words.</summary>
    public static string Reasons(IEnumerable<RoomRefusal> reasons, Language language, TimeZoneInfo zone) =>
        string.Join(Say.In(language, "；", "; "), reasons.Select(r => RoomRefusalText.For(r, language, zone)));

    /// <summary>A refusal with its reasons and, if one points there, the next step: <c>抱歉，未能确认：…。</c>.</summary>
    public static string Refused(string whatZh, string whatEn, IReadOnlyList<RoomRefusal> reasons, Language language, TimeZoneInfo zone)
    {
        var text = Say.In(language, $"抱歉，未能{whatZh}：{Reasons(reasons, language, zone)}。", $"Sorry, could not {whatEn}: {Reasons(reasons, language, zone)}.");
        return Next(reasons, language) is { } next ? text + "\n" + next : text;
    }

    private static string? Next(IReadOnlyList<RoomRefusal> reasons, Language language) => reasons switch
    {
        _ when reasons.Any(r => r is RoomRefusal.NoBooking) => Say.In(language, "回复“研讨室”查看空闲研讨室。", "Reply rooms to see the rooms free now."),
        _ when reasons.Any(r => r is RoomRefusal.NoInvitation or RoomRefusal.AlreadyInRoom) =>
            Say.In(language, "点击菜单“我的预约”查看您的预约。", "Tap My bookings in the menu to see your bookings."),
        _ => null,
    };
}
