using System.Globalization;

namespace WeChatLib.Domain.Seats;

/// <summary>One reason a seat request (booking, check-in, leave) is refused: a stable snake_case code with its parameters.</summary>
public abstract record SeatRefusal
{
    private SeatRefusal()
    {
    }

    public abstract string Code { get; }

    public virtual IReadOnlyDictionary<string, string> Parameters => Empty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public sealed record NoSuchSeat(string Seat) : SeatRefusal
    {
        public override string Code => "no_such_seat";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["seat"] = Seat };
    }

    /// <summary>The reader has no live booking to check in to.</summary>
    public sealed record NoBooking : SeatRefusal
    {
        public override string Code => "no_booking";
    }

    public sealed record NoSuchZone : SeatRefusal
    {
        public override string Code => "no_such_zone";
    }

    /// <summary>Booking for that day has not opened yet.</summary>
    public sealed record BookingNotOpen(DateTimeOffset OpensAt) : SeatRefusal
    {
        public override string Code => "booking_not_open";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["opens_at"] = Time(OpensAt) };
    }

    /// <summary>The start asked lies outside <paramref name="Earliest"/>–<paramref name="Latest"/> (a day before now to eight days after).</summary>
    public sealed record StartOutOfRange(DateTimeOffset Earliest, DateTimeOffset Latest) : SeatRefusal
    {
        public override string Code => "starts_out_of_range";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["earliest"] = Time(Earliest), ["latest"] = Time(Latest) };
    }

    public sealed record StartsInPast : SeatRefusal
    {
        public override string Code => "starts_in_past";
    }

    public sealed record BranchClosed(DateOnly Date) : SeatRefusal
    {
        public override string Code => "branch_closed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["date"] = Common.IsoDate.Format(Date) };
    }

    /// <summary>The booking starts before the branch opens or ends after it closes that day.</summary>
    public sealed record OutsideOpeningHours(TimeOnly Opens, TimeOnly Closes) : SeatRefusal
    {
        public override string Code => "outside_opening_hours";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["opens"] = Opens.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["closes"] = Closes.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
    }

    public sealed record TooShort(int Minutes, int Min) : SeatRefusal
    {
        public override string Code => "too_short";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["minutes"] = Number(Minutes), ["min"] = Number(Min) };
    }

    public sealed record TooLong(int Minutes, int Max) : SeatRefusal
    {
        public override string Code => "too_long";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["minutes"] = Number(Minutes), ["max"] = Number(Max) };
    }

    /// <summary>The booking would take the reader's minutes that day past the zone's daily maximum.</summary>
    public sealed record DailyLimit(int Used, int Requested, int Max) : SeatRefusal
    {
        public override string Code => "daily_limit";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["used"] = Number(Used), ["requested"] = Number(Requested), ["max"] = Number(Max) };
    }

    /// <summary>The reader already has a live booking: one at a time.</summary>
    public sealed record AlreadyBooked(long BookingId, string Seat) : SeatRefusal
    {
        public override string Code => "already_booked";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
        {
            ["booking_id"] = BookingId.ToString(CultureInfo.InvariantCulture),
            ["seat"] = Seat,
        };
    }

    /// <summary>Seat booking is suspended after violations, until <paramref name="Until"/>.</summary>
    public sealed record Suspended(DateTimeOffset Until, string Reason) : SeatRefusal
    {
        public override string Code => "suspended";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["until"] = Time(Until), ["reason"] = Reason };
    }

    /// <summary>The zone is switched off, or closed (exam, maintenance) for part of the time asked.</summary>
    public sealed record ZoneClosed(string? Reason, DateTimeOffset? Until) : SeatRefusal
    {
        public override string Code => "zone_closed";

        public override IReadOnlyDictionary<string, string> Parameters
        {
            get
            {
                var parameters = new Dictionary<string, string>();
                if (Reason is not null)
                    parameters["reason"] = Reason;
                if (Until is { } until)
                    parameters["until"] = Time(until);
                return parameters;
            }
        }
    }

    public sealed record SeatDisabled(string Seat) : SeatRefusal
    {
        public override string Code => "seat_disabled";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["seat"] = Seat };
    }

    /// <summary>The reader cancelled as often today as the library allows, and may not book again until tomorrow.</summary>
    public sealed record TooManyCancellations(int Cancelled, int Max) : SeatRefusal
    {
        public override string Code => "too_many_cancellations";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["cancelled"] = Number(Cancelled), ["max"] = Number(Max) };
    }

    public sealed record PatronRestricted(string Reason) : SeatRefusal
    {
        public override string Code => "patron_restricted";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["reason"] = Reason };
    }

    public sealed record PatronExpired(DateOnly ExpiredOn) : SeatRefusal
    {
        public override string Code => "patron_expired";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["expires_on"] = Common.IsoDate.Format(ExpiredOn) };
    }

    /// <summary>Check-in opens at <paramref name="OpensAt"/>.</summary>
    public sealed record CheckInNotYetOpen(DateTimeOffset OpensAt) : SeatRefusal
    {
        public override string Code => "checkin_not_open";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["opens_at"] = Time(OpensAt) };
    }

    /// <summary>Check-in closed at <paramref name="ClosedAt"/>: the seat is released as a no-show.</summary>
    public sealed record CheckInClosed(DateTimeOffset ClosedAt) : SeatRefusal
    {
        public override string Code => "checkin_closed";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["closed_at"] = Time(ClosedAt) };
    }

    /// <summary>The scanned seat is not the booked one; <paramref name="BookedSeat"/> is.</summary>
    public sealed record WrongSeat(string Scanned, string BookedSeat) : SeatRefusal
    {
        public override string Code => "wrong_seat";

        public override IReadOnlyDictionary<string, string> Parameters =>
            new Dictionary<string, string> { ["scanned"] = Scanned, ["booked_seat"] = BookedSeat };
    }

    public sealed record AlreadyCheckedIn : SeatRefusal
    {
        public override string Code => "already_checked_in";
    }

    public sealed record NotCheckedIn : SeatRefusal
    {
        public override string Code => "not_checked_in";
    }

    public sealed record AlreadyOnLeave(DateTimeOffset Until) : SeatRefusal
    {
        public override string Code => "already_on_leave";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["until"] = Time(Until) };
    }

    public sealed record NotOnLeave : SeatRefusal
    {
        public override string Code => "not_on_leave";
    }

    /// <summary>The temporary leave ran out at <paramref name="Until"/>: the seat is being released.</summary>
    public sealed record LeaveExpired(DateTimeOffset Until) : SeatRefusal
    {
        public override string Code => "leave_expired";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["until"] = Time(Until) };
    }

    /// <summary>The booking has ended (<paramref name="Status"/>): nothing more can be done with it.</summary>
    public sealed record BookingEnded(string Status) : SeatRefusal
    {
        public override string Code => "booking_ended";

        public override IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["status"] = Status };
    }
}
