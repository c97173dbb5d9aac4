using System.Globalization;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Notices;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>The seat notices this side of seat booking queues, with their keys (<c>{kind}:{bookingId}</c>) and short fields.</summary>
public static class SeatNotices
{
    public static Notice Booked(SeatBooking booking, SeatZoneRules rules, LibraryClock clock) =>
        Notice.ForPatron($"{NoticeKind.SeatBooked}:{booking.Id}", NoticeKind.SeatBooked, booking.PatronId, Fields(booking, clock, new()
        {
            ["checkInBy"] = Time(booking.Starts.AddMinutes(rules.CheckinClosesMinutes), clock),
        }));

    public static Notice Cancelled(SeatBooking booking, string reason, LibraryClock clock) =>
        Notice.ForPatron($"{NoticeKind.SeatCancelled}:{booking.Id}", NoticeKind.SeatCancelled, booking.PatronId, Fields(booking, clock, new()
        {
            ["reason"] = reason,
        }));

    /// <summary>
    /// Staff released the seat: the template's <c>reason</c> is short Chinese, as template fields are; <c>hint</c> says it
    /// whole in the reader's language, as other seat notices' hints do.
    /// </summary>
    public static Notice ReleasedByStaff(SeatBooking booking, string reason, Language language, LibraryClock clock) =>
        Notice.ForPatron($"{NoticeKind.SeatCancelled}:{booking.Id}", NoticeKind.SeatCancelled, booking.PatronId, Fields(booking, clock, new()
        {
            ["reason"] = $"馆员释放：{reason}",
            ["hint"] = language == Language.En
                ? $"Library staff released your seat {booking.SeatCode}: {reason}"
                : $"工作人员已释放您的座位 {booking.SeatCode}：{reason}",
        }));

    private static Dictionary<string, string> Fields(SeatBooking booking, LibraryClock clock, Dictionary<string, string> extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["seat"] = booking.SeatCode,
            ["zone"] = booking.ZoneName,
            ["date"] = IsoDate.Format(SeatRules.LocalDate(booking.Starts, clock.Zone)),
            ["starts"] = Time(booking.Starts, clock),
            ["ends"] = Time(booking.Ends, clock),
        };
        foreach (var (key, value) in extra)
            fields[key] = value;
        return fields;
    }

    public static string Time(DateTimeOffset at, LibraryClock clock) =>
        TimeZoneInfo.ConvertTime(at, clock.Zone).ToString("HH:mm", CultureInfo.InvariantCulture);
}
