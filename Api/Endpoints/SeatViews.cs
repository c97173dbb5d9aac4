using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Seats;

namespace WeChatLib.Api.Endpoints;

/// <summary>A study zone with how many of its seats are free now.</summary>
/// <param name="Id">Zone id, for its seat map and for booking "the best free seat" in it.</param>
/// <param name="Branch">Branch code.</param>
/// <param name="Code">Zone code, unique within its branch.</param>
/// <param name="Name">The zone's name (Chinese).</param>
/// <param name="NameEn">Its English name, for readers who prefer English (their <c>language</c> in <c>/api/v1/me</c>).</param>
/// <param name="Floor">The floor it is on.</param>
/// <param name="Kind"><c>quiet</c>, <c>computers</c> or <c>reading</c>.</param>
/// <param name="Open">False while the zone is switched off.</param>
/// <param name="Seats">Seats in use in the zone.</param>
/// <param name="FreeNow">Of them, those free now (counted at most two seconds ago).</param>
/// <param name="Rules">The zone's booking rules.</param>
public sealed record SeatZoneView(long Id, string Branch, string Code, string Name, string NameEn, string Floor, string Kind, bool Open, int Seats, int FreeNow,
    SeatZoneRulesView Rules)
{
    public static SeatZoneView From(ZoneWithCounts zone) => new(zone.Zone.Id, zone.Zone.BranchCode, zone.Zone.Code,
        zone.Zone.Name, zone.Zone.NameEn, zone.Zone.Floor, zone.Zone.Kind, zone.Zone.Enabled, zone.Count.Seats,
        zone.Count.Free, SeatZoneRulesView.From(zone.Zone.Rules));
}

/// <param name="BookingOpensAt">When booking for a day opens, <c>HH:mm</c> library time.</param>
/// <param name="OpensDayBefore">Whether it opens the evening before the day.</param>
/// <param name="MinMinutes">Shortest booking.</param>
/// <param name="MaxMinutes">Longest booking.</param>
/// <param name="DailyMaxMinutes">Most minutes a reader may book in a day.</param>
/// <param name="DefaultMinutes">Length of a booking that does not ask for one.</param>
/// <param name="CheckinOpensMinutes">Check-in opens this many minutes before the start.</param>
/// <param name="CheckinClosesMinutes">And closes this many minutes after it.</param>
/// <param name="LeaveMinutes">Longest temporary leave.</param>
/// <param name="MealLeaveMinutes">Longest temporary leave started 11:00–13:00 or 17:00–19:00.</param>
public sealed record SeatZoneRulesView(string BookingOpensAt, bool OpensDayBefore, int MinMinutes, int MaxMinutes, int DailyMaxMinutes,
    int DefaultMinutes, int CheckinOpensMinutes, int CheckinClosesMinutes, int LeaveMinutes, int MealLeaveMinutes)
{
    public static SeatZoneRulesView From(SeatZoneRules r) => new(r.BookingOpensAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        r.OpensDayBefore, r.MinMinutes, r.MaxMinutes, r.DailyMaxMinutes, r.DefaultMinutes, r.CheckinOpensMinutes, r.CheckinClosesMinutes,
        r.LeaveMinutes, r.MealLeaveMinutes);
}

/// <summary>A seat as the floor view draws it.</summary>
/// <param name="Id">Seat id.</param>
/// <param name="Code">The code its QR code carries.</param>
/// <param name="HasPower">A power socket at the desk.</param>
/// <param name="HasLamp">A desk lamp.</param>
/// <param name="ByWindow">By a window.</param>
/// <param name="Enabled">False while out of use.</param>
/// <param name="Row">Row on the zone's grid; null when not placed.</param>
/// <param name="Column">Column on the zone's grid; null when not placed.</param>
/// <param name="Taken">Whether a live booking holds it now.</param>
public sealed record SeatView(long Id, string Code, bool HasPower, bool HasLamp, bool ByWindow, bool Enabled, int? Row, int? Column, bool Taken)
{
    public static SeatView From(Seat seat, bool taken) =>
        new(seat.Id, seat.Code, seat.HasPower, seat.HasLamp, seat.ByWindow, seat.Enabled, seat.MapRow, seat.MapColumn, taken);
}

/// <param name="ZoneId">The zone's id.</param>
/// <param name="Zone">The zone's name (Chinese).</param>
/// <param name="ZoneEn">Its English name.</param>
/// <param name="Floor">The floor it is on.</param>
/// <param name="Seats">Its seats by row, column and code.</param>
public sealed record SeatMapView(long ZoneId, string Zone, string ZoneEn, string Floor, SeatView[] Seats);

/// <summary>A reader's seat booking.</summary>
/// <param name="Id">Booking id.</param>
/// <param name="Seat">The seat's code.</param>
/// <param name="ZoneId">Its zone.</param>
/// <param name="Zone">The zone's name in the reader's language.</param>
/// <param name="Branch">Branch code.</param>
/// <param name="Starts">Start.</param>
/// <param name="Ends">End.</param>
/// <param name="Status"><c>booked</c>, <c>checked_in</c>, <c>on_leave</c> (live), or <c>finished</c>, <c>cancelled</c>, <c>released</c>.</param>
/// <param name="CheckInOpens">When check-in opens (while booked).</param>
/// <param name="CheckInCloses">When check-in closes: without it the seat is released as a no-show.</param>
/// <param name="CheckedInAt">When the reader checked in.</param>
/// <param name="LeaveUntil">While on temporary leave: when it runs out.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="EndReason"><c>left</c>, <c>time_up</c>, <c>cancelled_by_reader</c>, <c>cancelled_by_staff</c>, <c>zone_closed</c>, <c>no_show</c>,
/// <c>leave_overrun</c> or <c>released_by_staff</c>; null while live.</param>
/// <param name="Ended">How and when it ended, for the reader, e.g. "released 07:31, no check-in"; null while live.</param>
/// <param name="EndNote">Why staff released it, as they wrote it; null otherwise.</param>
public sealed record SeatBookingView(long Id, string Seat, long ZoneId, string Zone, string Branch, DateTimeOffset Starts, DateTimeOffset Ends,
    string Status, DateTimeOffset? CheckInOpens, DateTimeOffset? CheckInCloses, DateTimeOffset? CheckedInAt, DateTimeOffset? LeaveUntil,
    DateTimeOffset? EndedAt, string? EndReason, string? Ended, string? EndNote)
{
    public static SeatBookingView From(SeatBooking b, SeatZoneRules? rules, Language language, TimeZoneInfo zone)
    {
        var window = rules is not null && b.Status == SeatBookingStatus.Booked ? SeatRules.CheckInWindow(b, rules) : ((DateTimeOffset, DateTimeOffset)?)null;
        return new(b.Id, b.SeatCode, b.ZoneId, language == Language.En ? b.ZoneNameEn : b.ZoneName, b.BranchCode, b.Starts, b.Ends, b.Status,
            window?.Item1, window?.Item2, b.CheckedInAt, b.LeaveUntil, b.EndedAt, b.EndReason, SeatEndingText.For(b, language, zone), b.EndNote);
    }
}

/// <param name="Bookings">The live booking first, then those of the last seven days, newest first.</param>
/// <param name="LastEnded">Of them, the one that ended last (by its end, then its start), live booking or not: the one 我的座位 in the chat
/// tells "上次：…" of, with how it ended; null when none ended in the seven days.</param>
public sealed record MySeatBookingsView(SeatBookingView[] Bookings, SeatBookingView? LastEnded);

/// <summary>A booking: a seat by code, or the best free seat of a zone. Give exactly one of <c>seat</c> and <c>zoneId</c>.</summary>
/// <param name="Seat">The seat's code.</param>
/// <param name="ZoneId">A zone: the best free seat in it, preferring the attributes asked for, then by code.</param>
/// <param name="Starts">Start (ISO 8601 with offset); now when left out.</param>
/// <param name="Minutes">Length; the zone's default (cut at closing time) when left out.</param>
/// <param name="PreferPower">With "the best free seat": prefer a seat with power.</param>
/// <param name="PreferLamp">Prefer a seat with a lamp.</param>
/// <param name="PreferWindow">Prefer a seat by a window.</param>
public sealed record BookSeatRequest(string? Seat, long? ZoneId, DateTimeOffset? Starts, int? Minutes, bool? PreferPower, bool? PreferLamp, bool? PreferWindow);

/// <param name="Seat">What the seat's QR code carries: its code, or a URL or text naming it.</param>
public sealed record CheckInRequest(string? Seat);

/// <summary>One reason a seat request is refused.</summary>
/// <param name="Code">Stable code, e.g. <c>booking_not_open</c>, <c>outside_opening_hours</c>, <c>too_short</c>, <c>too_long</c>, <c>daily_limit</c>,
/// <c>already_booked</c>, <c>suspended</c>, <c>zone_closed</c>, <c>seat_disabled</c>, <c>too_many_cancellations</c>, <c>checkin_not_open</c>,
/// <c>checkin_closed</c>, <c>wrong_seat</c>, <c>not_checked_in</c>, <c>leave_expired</c>, <c>booking_ended</c>.</param>
/// <param name="Parameters">The code's parameters; times ISO 8601, e.g. <c>until</c> for <c>suspended</c>, <c>booked_seat</c> for <c>wrong_seat</c>.</param>
/// <param name="Message">A short explanation in the reader's language.</param>
public sealed record SeatRefusalView(string Code, IReadOnlyDictionary<string, string> Parameters, string Message)
{
    public static SeatRefusalView[] All(IEnumerable<SeatRefusal> reasons, Language language, TimeZoneInfo zone) =>
        [.. reasons.Select(r => new SeatRefusalView(r.Code, r.Parameters, SeatRefusalText.For(r, language, zone)))];
}

/// <summary>A free seat offered after a lost race.</summary>
public sealed record FreeSeatView(long Id, string Code, bool HasPower, bool HasLamp, bool ByWindow, int? Row, int? Column)
{
    public static FreeSeatView From(Seat s) => new(s.Id, s.Code, s.HasPower, s.HasLamp, s.ByWindow, s.MapRow, s.MapColumn);
}
