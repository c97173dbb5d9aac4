using System.Globalization;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Api.WeChat;

/// <summary>How seat bookings read in the chat: library-local times, the seat and its zone, and what the reader may reply.</summary>
public static class SeatText
{
    /// <summary>A library-local time: <c>09:30</c> today, <c>12-9 09:30</c> on another day.</summary>
    public static string Time(DateTimeOffset at, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("M-d HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Zone(SeatZone zone, Language language) => language == Language.En && zone.NameEn != "" ? zone.NameEn : zone.Name;

    /// <summary>The seat and its zone: <c>二楼自习区 A2-001</c>.</summary>
    public static string Seat(SeatBooking booking, Language language) =>
        $"{(language == Language.En && booking.ZoneNameEn != "" ? booking.ZoneNameEn : booking.ZoneName)} {booking.SeatCode}";

    /// <summary>Every reason, in the reader's words.</summary>
    public static string Reasons(IEnumerable<SeatRefusal> reasons, Language language, TimeZoneInfo zone) =>
        string.Join(Say.In(language, "；", "; "), reasons.Select(r => SeatRefusalText.For(r, language, zone)));

    /// <summary>What the reader can do next after a refusal, when one reason points there; null when none does.</summary>
    public static string? Next(IReadOnlyList<SeatRefusal> reasons, Language language) => reasons switch
    {
        _ when reasons.Any(r => r is SeatRefusal.NoBooking) => Say.In(language, "回复“座位”查看空位并预约。", "Reply seats to see free seats and book one."),
        _ when reasons.Any(r => r is SeatRefusal.AlreadyBooked) => Say.In(language, "回复“我的座位”查看您的预约。", "Reply my seat to see your booking."),
        _ => null,
    };

    /// <summary>A refusal with its reasons and, if any, the next step: <c>抱歉，未能签到：…。</c>.</summary>
    public static string Refused(string whatZh, string whatEn, IReadOnlyList<SeatRefusal> reasons, Language language, TimeZoneInfo zone)
    {
        var text = Say.In(language, $"抱歉，未能{whatZh}：{Reasons(reasons, language, zone)}。", $"Sorry, could not {whatEn}: {Reasons(reasons, language, zone)}.");
        return Next(reasons, language) is { } next ? text + "\n" + next : text;
    }
}
