using System.Globalization;
using WeChatLib.Domain.Common;

namespace WeChatLib.Domain.Rooms;

/// <summary>One reason a room request (booking, confirmation, cancellation, check-in) is refused: a stable snake_case code with its parameters.</summary>
public abstract record RoomRefusal
{
    private RoomRefusal()
    {
    }

    public abstract string Code { get; }

    public virtual IReadOnlyDictionary<string, string> Parameters => Empty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> ForCard(string card) => new Dictionary<string, string> { ["card"] = card };

    public sealed record NoSuchRoom : RoomRefusal
    {
        public override string Code => "no_such_room";
    }

    /// <summary>Staff switched the room off.</summary>
    public sealed record RoomDisabled(string Room) : RoomRefusal
    {
        public override string Code => "room_disabled";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["room"] = Room };
    }

    /// <summary>Staff blocked the room (an event, maintenance) for part of the time asked, until <paramref name="Until"/>.</summary>
    public sealed record RoomBlocked(string Reason, DateTimeOffset Until) : RoomRefusal
    {
        public override string Code => "room_blocked";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["reason"] = Reason, ["until"] = Time(Until) };
    }

    /// <summary>Bookings start and end on the hour or the half hour.</summary>
    public sealed record NotAligned : RoomRefusal
    {
        public override string Code => "not_aligned";
    }

    public sealed record StartsInPast : RoomRefusal
    {
        public override string Code => "starts_in_past";
    }

    /// <summary>Rooms may be booked up to <paramref name="LastDate"/> (today and the library's days ahead).</summary>
    public sealed record TooFarAhead(DateOnly LastDate, int DaysAhead) : RoomRefusal
    {
        public override string Code => "too_far_ahead";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["last_date"] = IsoDate.Format(LastDate), ["days_ahead"] = Number(DaysAhead) };
    }

    public sealed record BranchClosed(DateOnly Date) : RoomRefusal
    {
        public override string Code => "branch_closed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["date"] = IsoDate.Format(Date) };
    }

    /// <summary>The booking starts before the branch opens or ends after it closes that day.</summary>
    public sealed record OutsideOpeningHours(TimeOnly Opens, TimeOnly Closes) : RoomRefusal
    {
        public override string Code => "outside_opening_hours";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["opens"] = Opens.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["closes"] = Closes.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Shorter than one 30-minute slot.</summary>
    public sealed record TooShort(int Minutes) : RoomRefusal
    {
        public override string Code => "too_short";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["minutes"] = Number(Minutes), ["min"] = "30" };
    }

    public sealed record TooLong(int Minutes, int Max) : RoomRefusal
    {
        public override string Code => "too_long";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["minutes"] = Number(Minutes), ["max"] = Number(Max) };
    }

    /// <summary>The booking would take the reader's room minutes that day past the daily maximum.</summary>
    public sealed record DailyLimit(int Used, int Requested, int Max) : RoomRefusal
    {
        public override string Code => "daily_limit";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["used"] = Number(Used), ["requested"] = Number(Requested), ["max"] = Number(Max) };
    }

    /// <summary>The booking would take a companion's room minutes that day past the daily maximum.</summary>
    public sealed record CompanionDailyLimit(string Card, int Used, int Requested, int Max) : RoomRefusal
    {
        public override string Code => "companion_daily_limit";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["card"] = Card, ["used"] = Number(Used), ["requested"] = Number(Requested), ["max"] = Number(Max),
        };
    }

    /// <summary>More people (organiser and companions) than the room holds.</summary>
    public sealed record GroupTooLarge(int Size, int Capacity) : RoomRefusal
    {
        public override string Code => "group_too_large";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["size"] = Number(Size), ["capacity"] = Number(Capacity) };
    }

    /// <summary>Fewer people than the room's minimum group: name more companions.</summary>
    public sealed record GroupTooSmall(int Size, int MinGroup) : RoomRefusal
    {
        public override string Code => "group_too_small";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["size"] = Number(Size), ["min_group"] = Number(MinGroup) };
    }

    /// <summary>No reader has the card number.</summary>
    public sealed record CompanionUnknown(string Card) : RoomRefusal
    {
        public override string Code => "companion_unknown";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    /// <summary>The companion has not bound their card to WeChat, so they could not confirm.</summary>
    public sealed record CompanionNotBound(string Card) : RoomRefusal
    {
        public override string Code => "companion_not_bound";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    /// <summary>The companion's card is restricted or expired.</summary>
    public sealed record CompanionInactive(string Card) : RoomRefusal
    {
        public override string Code => "companion_inactive";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    public sealed record CompanionIsOrganiser(string Card) : RoomRefusal
    {
        public override string Code => "companion_is_organiser";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    public sealed record CompanionRepeated(string Card) : RoomRefusal
    {
        public override string Code => "companion_repeated";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    /// <summary>The room is for other patron groups (e.g. a faculty-only seminar room).</summary>
    public sealed record GroupNotAllowed(string Group) : RoomRefusal
    {
        public override string Code => "group_not_allowed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["group"] = Group };
    }

    public sealed record CompanionGroupNotAllowed(string Card) : RoomRefusal
    {
        public override string Code => "companion_group_not_allowed";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    /// <summary>The companion already holds another room for part of the time.</summary>
    public sealed record CompanionBusy(string Card) : RoomRefusal
    {
        public override string Code => "companion_busy";

        public override IReadOnlyDictionary<string, string> Parameters => ForCard(Card);
    }

    /// <summary>The reader already holds another room (<paramref name="Room"/>) for part of the time: one room at a time.</summary>
    public sealed record AlreadyInRoom(long BookingId, string Room) : RoomRefusal
    {
        public override string Code => "already_in_room";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["booking_id"] = Number(BookingId), ["room"] = Room };
    }

    /// <summary>Booking is suspended after violations (seats and rooms alike), until <paramref name="Until"/>.</summary>
    public sealed record Suspended(DateTimeOffset Until, string Reason) : RoomRefusal
    {
        public override string Code => "suspended";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["until"] = Time(Until), ["reason"] = Reason };
    }

    public sealed record PatronRestricted(string Reason) : RoomRefusal
    {
        public override string Code => "patron_restricted";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["reason"] = Reason };
    }

    public sealed record PatronExpired(DateOnly ExpiredOn) : RoomRefusal
    {
        public override string Code => "patron_expired";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["expires_on"] = IsoDate.Format(ExpiredOn) };
    }

    /// <summary>Only the organiser may cancel the group's booking.</summary>
    public sealed record NotOrganiser : RoomRefusal
    {
        public override string Code => "not_organiser";
    }

    /// <summary>The booking started at <paramref name="Starts"/>: too late to cancel.</summary>
    public sealed record AlreadyStarted(DateTimeOffset Starts) : RoomRefusal
    {
        public override string Code => "already_started";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["starts"] = Time(Starts) };
    }

    /// <summary>The booking has ended (<paramref name="Status"/>): nothing more can be done with it.</summary>
    public sealed record BookingEnded(string Status) : RoomRefusal
    {
        public override string Code => "booking_ended";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["status"] = Status };
    }

    /// <summary>The reader has no open invitation (to confirm or decline).</summary>
    public sealed record NoInvitation : RoomRefusal
    {
        public override string Code => "no_invitation";
    }

    public sealed record AlreadyConfirmed : RoomRefusal
    {
        public override string Code => "already_confirmed";
    }

    public sealed record AlreadyDeclined : RoomRefusal
    {
        public override string Code => "already_declined";
    }

    /// <summary>The time to confirm ended at <paramref name="ClosedAt"/>.</summary>
    public sealed record ConfirmationClosed(DateTimeOffset ClosedAt) : RoomRefusal
    {
        public override string Code => "confirmation_closed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["closed_at"] = Time(ClosedAt) };
    }

    /// <summary>The reader has no room booking to check in to.</summary>
    public sealed record NoBooking : RoomRefusal
    {
        public override string Code => "no_booking";
    }

    /// <summary>The booking is not confirmed yet (<paramref name="Status"/>: companions or staff approval still awaited).</summary>
    public sealed record NotConfirmed(string Status) : RoomRefusal
    {
        public override string Code => "not_confirmed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["status"] = Status };
    }

    /// <summary>The reader was invited but has not confirmed: confirm first.</summary>
    public sealed record InvitationNotConfirmed : RoomRefusal
    {
        public override string Code => "invitation_not_confirmed";
    }

    /// <summary>The scanned room is not the booked one; <paramref name="BookedRoom"/> is.</summary>
    public sealed record WrongRoom(string Scanned, string BookedRoom) : RoomRefusal
    {
        public override string Code => "wrong_room";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["scanned"] = Scanned, ["booked_room"] = BookedRoom };
    }

    public sealed record CheckInNotYetOpen(DateTimeOffset OpensAt) : RoomRefusal
    {
        public override string Code => "checkin_not_open";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["opens_at"] = Time(OpensAt) };
    }

    /// <summary>Check-in closed at <paramref name="ClosedAt"/>: the room is released as a no-show.</summary>
    public sealed record CheckInClosed(DateTimeOffset ClosedAt) : RoomRefusal
    {
        public override string Code => "checkin_closed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["closed_at"] = Time(ClosedAt) };
    }

    public sealed record AlreadyCheckedIn : RoomRefusal
    {
        public override string Code => "already_checked_in";
    }
}
