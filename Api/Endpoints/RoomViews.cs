using System.Globalization;
using WeChatLib.Domain.Common;
using WeChatLib.Domain.Readers;
using WeChatLib.Domain.Rooms;

namespace WeChatLib.Api.Endpoints;

/// <summary>A study or discussion room.</summary>
/// <param name="Id">Room id, for its availability and for booking it.</param>
/// <param name="Branch">Branch code.</param>
/// <param name="Code">What the QR code on its door carries, unique in the library.</param>
/// <param name="Name">Its name (Chinese).</param>
/// <param name="NameEn">Its English name.</param>
/// <param name="Floor">The floor it is on.</param>
/// <param name="Kind"><c>study</c>, <c>discussion</c>, <c>seminar</c> or <c>media</c>.</param>
/// <param name="Capacity">Most people in a booking, the organiser included.</param>
/// <param name="MinGroup">People (the organiser included) who must confirm before a booking holds.</param>
/// <param name="HasScreen">A screen or projector.</param>
/// <param name="HasWhiteboard">A whiteboard.</param>
/// <param name="HasVideo">Video conferencing.</param>
/// <param name="PhotoUrl">A photo of the room; null when none.</param>
/// <param name="NeedsApproval">Bookings go to staff for approval once the group has confirmed.</param>
/// <param name="PatronGroups">The patron groups that may book it (organiser and companions); null for every group.</param>
/// <param name="Enabled">False while switched off: no new bookings.</param>
public sealed record RoomView(long Id, string Branch, string Code, string Name, string NameEn, string Floor, string Kind, int Capacity, int MinGroup,
    bool HasScreen, bool HasWhiteboard, bool HasVideo, string? PhotoUrl, bool NeedsApproval, string[]? PatronGroups, bool Enabled)
{
    public static RoomView From(Room r) => new(r.Id, r.BranchCode, r.Code, r.Name, r.NameEn, r.Floor, r.Kind, r.Capacity, r.MinGroup, r.HasScreen,
        r.HasWhiteboard, r.HasVideo, r.PhotoUrl, r.NeedsApproval, r.PatronGroups?.Select(g => g.Code()).ToArray(), r.Enabled);
}

/// <param name="Starts">Start of the slot.</param>
/// <param name="Ends">End of the slot.</param>
/// <param name="State"><c>free</c>, <c>taken</c> (a live booking holds it), <c>blocked</c> (staff blocked the room) or <c>closed</c>
/// (started already, beyond the days ahead one may book, or the room switched off).</param>
public sealed record RoomSlotView(DateTimeOffset Starts, DateTimeOffset Ends, string State)
{
    public static RoomSlotView From(RoomSlot s) => new(s.Starts, s.Ends, s.State);
}

/// <param name="Room">The room.</param>
/// <param name="Slots">Its 30-minute slots within the branch's opening hours that day; none when the branch is closed.</param>
public sealed record RoomDayView(RoomView Room, RoomSlotView[] Slots);

/// <param name="Date">The library-local day, <c>YYYY-MM-DD</c>.</param>
/// <param name="LastBookableDate">The last library-local day rooms may be booked for, <c>YYYY-MM-DD</c>; every slot of a later day is <c>closed</c>.</param>
/// <param name="DaysAhead">How many days after today rooms may be booked, by the library's room rules (0: today only).</param>
/// <param name="Rooms">The open rooms, by branch, floor and code.</param>
public sealed record RoomAvailabilityView(string Date, string LastBookableDate, int DaysAhead, RoomDayView[] Rooms)
{
    public static RoomAvailabilityView From(RoomAvailability a) => new(IsoDate.Format(a.Date), IsoDate.Format(a.LastBookableDate), a.DaysAhead,
        [.. a.Rooms.Select(r => new RoomDayView(RoomView.From(r.Room), [.. r.Slots.Select(RoomSlotView.From)]))]);
}

/// <summary>One person of a booking's group, as another member sees them.</summary>
/// <param name="Name">Their name.</param>
/// <param name="CardNumber">Their card number, all but the last four characters masked.</param>
/// <param name="Role"><c>organiser</c> or <c>companion</c>.</param>
/// <param name="Status"><c>confirmed</c> (the organiser always), <c>invited</c> (no answer yet) or <c>declined</c>.</param>
/// <param name="RespondedAt">When they answered.</param>
/// <param name="Me">Whether this is the reader asking.</param>
public sealed record RoomMemberView(string Name, string CardNumber, string Role, string Status, DateTimeOffset? RespondedAt, bool Me);

/// <summary>A room booking the reader is in.</summary>
/// <param name="Id">Booking id.</param>
/// <param name="RoomId">The room's id.</param>
/// <param name="Room">The room's code.</param>
/// <param name="RoomName">The room's name in the reader's language.</param>
/// <param name="Branch">Branch code.</param>
/// <param name="Starts">Start.</param>
/// <param name="Ends">End.</param>
/// <param name="Topic">What the group meets about.</param>
/// <param name="Status"><c>pending</c> (companions to confirm), <c>awaiting_approval</c>, <c>confirmed</c>, <c>checked_in</c> (live), or
/// <c>finished</c>, <c>cancelled</c>, <c>lapsed</c>, <c>rejected</c>, <c>released</c>.</param>
/// <param name="MyRole">The reader's part: <c>organiser</c> or <c>companion</c>.</param>
/// <param name="MyAnswer">The reader's answer: <c>confirmed</c>, <c>invited</c> (to confirm or decline) or <c>declined</c>.</param>
/// <param name="ConfirmBy">While pending or awaiting approval: when enough must have confirmed (and staff approved), or it lapses.</param>
/// <param name="CheckInOpens">Once confirmed: when check-in opens.</param>
/// <param name="CheckInCloses">Once confirmed: when check-in closes; without one the room is released as a no-show.</param>
/// <param name="CheckedInAt">When a member checked in.</param>
/// <param name="DecisionNote">Staff's note on their decision (the reason of a rejection).</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="EndReason"><c>finished</c>, <c>cancelled_by_organiser</c>, <c>cancelled_by_staff</c>, <c>room_blocked</c>, <c>not_confirmed</c>,
/// <c>not_approved</c>, <c>rejected</c> or <c>no_show</c>; null while live.</param>
/// <param name="Members">The group, organiser first.</param>
public sealed record RoomBookingView(long Id, long RoomId, string Room, string RoomName, string Branch, DateTimeOffset Starts, DateTimeOffset Ends,
    string Topic, string Status, string MyRole, string MyAnswer, DateTimeOffset? ConfirmBy, DateTimeOffset? CheckInOpens, DateTimeOffset? CheckInCloses,
    DateTimeOffset? CheckedInAt, string? DecisionNote, DateTimeOffset? EndedAt, string? EndReason, RoomMemberView[] Members)
{
    public static RoomBookingView From(RoomBooking b, long readerId, RoomLimits limits, Language language)
    {
        var me = b.Member(readerId);
        var window = b.Status == RoomBookingStatus.Confirmed ? RoomRules.CheckInWindow(b, limits) : ((DateTimeOffset, DateTimeOffset)?)null;
        var deciding = b.Status is RoomBookingStatus.Pending or RoomBookingStatus.AwaitingApproval;
        return new(b.Id, b.RoomId, b.RoomCode, language == Language.En ? b.RoomNameEn : b.RoomName, b.BranchCode, b.Starts, b.Ends, b.Topic, b.Status,
            me?.Role ?? "", me?.Status ?? "", deciding ? b.ConfirmBy : null, window?.Item1, window?.Item2, b.CheckedInAt, b.DecisionNote, b.EndedAt,
            b.EndReason, [.. b.Members.Select(m => new RoomMemberView(m.Name, Patron.MaskCard(m.CardNumber), m.Role, m.Status, m.RespondedAt, m.PatronId == readerId))]);
    }
}

/// <param name="Bookings">Live bookings first (soonest first), then those of the last seven days (newest first).</param>
public sealed record MyRoomBookingsView(RoomBookingView[] Bookings);

/// <summary>A booking: a room, a start on the hour or half hour, a length in 30-minute steps, and the companions by card number.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="Starts">Start (ISO 8601 with offset), on the hour or the half hour.</param>
/// <param name="Minutes">Length, a multiple of 30 (default 60).</param>
/// <param name="Companions">The companions' card numbers; each must be a bound reader, and is invited to confirm.</param>
/// <param name="Topic">What the group meets about (at most 100 characters).</param>
public sealed record BookRoomRequest(long? RoomId, DateTimeOffset? Starts, int? Minutes, string[]? Companions, string? Topic);

/// <param name="Room">What the room door's QR code carries: its code, or a URL or text naming it.</param>
public sealed record RoomCheckInRequest(string? Room);

/// <summary>One reason a room request is refused.</summary>
/// <param name="Code">Stable code, e.g. <c>not_aligned</c>, <c>too_far_ahead</c>, <c>outside_opening_hours</c>, <c>too_long</c>, <c>daily_limit</c>,
/// <c>group_too_small</c>, <c>group_too_large</c>, <c>companion_unknown</c>, <c>companion_not_bound</c>, <c>companion_busy</c>,
/// <c>group_not_allowed</c>, <c>already_in_room</c>, <c>suspended</c>, <c>room_blocked</c>, <c>not_organiser</c>, <c>already_started</c>,
/// <c>confirmation_closed</c>, <c>not_confirmed</c>, <c>wrong_room</c>, <c>checkin_not_open</c>, <c>checkin_closed</c>, <c>booking_ended</c>.</param>
/// <param name="Parameters">The code's parameters; times ISO 8601, e.g. <c>card</c> for a companion's reason, <c>booked_room</c> for <c>wrong_room</c>.</param>
/// <param name="Message">A short explanation in the reader's language.</param>
public sealed record RoomRefusalView(string Code, IReadOnlyDictionary<string, string> Parameters, string Message)
{
    public static RoomRefusalView[] All(IEnumerable<RoomRefusal> reasons, Language language, TimeZoneInfo zone) =>
        [.. reasons.Select(r => new RoomRefusalView(r.Code, r.Parameters, RoomRefusalText.For(r, language, zone)))];
}

/// <summary>A person of a booking's group, as staff see them.</summary>
/// <param name="CardNumber">Their card number.</param>
/// <param name="Name">Their name.</param>
/// <param name="Role"><c>organiser</c> or <c>companion</c>.</param>
/// <param name="Status"><c>confirmed</c>, <c>invited</c> or <c>declined</c>.</param>
/// <param name="Holds">Whether they hold the room now.</param>
public sealed record StaffRoomMemberView(string CardNumber, string Name, string Role, string Status, bool Holds);

/// <summary>A room booking as staff see it.</summary>
/// <param name="Id">Booking id.</param>
/// <param name="RoomId">The room's id.</param>
/// <param name="Room">The room's code.</param>
/// <param name="Starts">Start.</param>
/// <param name="Ends">End.</param>
/// <param name="Topic">What the group meets about.</param>
/// <param name="Status">As for readers: <c>pending</c>, <c>awaiting_approval</c>, <c>confirmed</c>, <c>checked_in</c>, or an ended status.</param>
/// <param name="ConfirmBy">When enough must have confirmed (and staff approved), or it lapses.</param>
/// <param name="CreatedAt">When it was booked: the approvals queue runs oldest first.</param>
/// <param name="DecidedBy">Who approved or rejected it.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="DecisionNote">Their note; the reason of a rejection.</param>
/// <param name="CheckedInAt">When a member checked in.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="EndReason">Why it ended; null while live.</param>
/// <param name="Members">The group, organiser first.</param>
public sealed record StaffRoomBookingView(long Id, long RoomId, string Room, DateTimeOffset Starts, DateTimeOffset Ends, string Topic, string Status,
    DateTimeOffset ConfirmBy, DateTimeOffset CreatedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote, DateTimeOffset? CheckedInAt,
    DateTimeOffset? EndedAt, string? EndReason, StaffRoomMemberView[] Members)
{
    public static StaffRoomBookingView From(RoomBooking b) => new(b.Id, b.RoomId, b.RoomCode, b.Starts, b.Ends, b.Topic, b.Status, b.ConfirmBy,
        b.CreatedAt, b.DecidedBy, b.DecidedAt, b.DecisionNote, b.CheckedInAt, b.EndedAt, b.EndReason,
        [.. b.Members.Select(m => new StaffRoomMemberView(m.CardNumber, m.Name, m.Role, m.Status, m.Holds))]);
}

/// <param name="Id">Block id.</param>
/// <param name="Starts">Start.</param>
/// <param name="Ends">End.</param>
/// <param name="Reason">Why, as told to the groups whose bookings it cancelled.</param>
/// <param name="BlockedBy">Who blocked it.</param>
public sealed record RoomBlockView(long Id, DateTimeOffset Starts, DateTimeOffset Ends, string Reason, string BlockedBy)
{
    public static RoomBlockView From(RoomBlock b) => new(b.Id, b.From, b.To, b.Reason, b.BlockedBy);
}

/// <param name="Room">The room (switched-off rooms too).</param>
/// <param name="Bookings">Its bookings meeting the day, in any state, by start.</param>
/// <param name="Blocks">Its blocks meeting the day.</param>
public sealed record RoomCalendarRowView(RoomView Room, StaffRoomBookingView[] Bookings, RoomBlockView[] Blocks);

/// <param name="Date">The library-local day, <c>YYYY-MM-DD</c>.</param>
/// <param name="Rooms">Every room, by branch, floor and code.</param>
public sealed record RoomCalendarView(string Date, RoomCalendarRowView[] Rooms)
{
    public static RoomCalendarView From(RoomCalendar c) => new(IsoDate.Format(c.Date), [.. c.Rooms.Select(r => new RoomCalendarRowView(
        RoomView.From(r.Room), [.. r.Bookings.Select(StaffRoomBookingView.From)], [.. r.Blocks.Select(RoomBlockView.From)]))]);
}

/// <summary>The day a grid or calendar is asked for, as <c>YYYY-MM-DD</c>.</summary>
internal static class RoomDate
{
    public static bool TryParse(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        // No library day falls in a year far from ours; at the calendar's own ends (0001, 9999) a day cannot even be placed in time.
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || parsed.Year is < 1900 or > 9000)
            return false;
        date = parsed;
        return true;
    }
}
