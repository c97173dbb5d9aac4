using WeChatLib.Domain.Loans;
using WeChatLib.Domain.Readers;

namespace WeChatLib.Domain.Seats;

/// <summary>
/// Everything a booking is decided on: the reader, the zone (and the seat, when one was named), the zone's closures
/// meeting the time asked, the branch's calendar, the reader's day and the library's daily cancellation cap.
/// </summary>
public sealed record SeatBookingCase(
    Patron Reader, SeatZone Zone, Seat? Seat, IReadOnlyList<SeatZoneClosure> Closures, LibraryCalendar Calendar, ReaderSeatDay Day,
    int DailyCancellations);
